import { describe, expect, it } from 'vitest';
import { meetsCourseRule, recentMean, SOLVED_WINDOW } from '../../src/config/courseRule';

describe('the mean of the recent returns', () => {
  it('is null before the first episode, and the mean of all of them before the window fills', () => {
    expect(recentMean([])).toBeNull();
    expect(recentMean([10])).toBe(10);
    expect(recentMean([10, -20, 40])).toBe(10);
  });

  it('counts only the last SOLVED_WINDOW returns', () => {
    const returns = [...Array<number>(50).fill(-1000), ...Array<number>(SOLVED_WINDOW).fill(200)];
    expect(recentMean(returns)).toBe(200);
    expect(recentMean([-1000, ...Array<number>(SOLVED_WINDOW - 1).fill(0)])).toBe(-1000 / SOLVED_WINDOW);
  });
});

describe('the course rule', () => {
  it('needs a full window of the run’s own episodes, then the mean of the last ones at 200', () => {
    expect(meetsCourseRule(Array(SOLVED_WINDOW - 1).fill(300))).toBe(false);
    expect(meetsCourseRule(Array(SOLVED_WINDOW).fill(200))).toBe(true);
    expect(meetsCourseRule([...Array(SOLVED_WINDOW - 1).fill(200), 199])).toBe(false);
    expect(meetsCourseRule([-500, ...Array(SOLVED_WINDOW).fill(200)])).toBe(true);
  });
});
