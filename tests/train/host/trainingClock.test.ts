import { describe, expect, it } from 'vitest';
import { TrainingClock } from '../../../src/train/host/trainingClock';

describe('TrainingClock', () => {
  it('counts only the time while it runs, and a repeated start or stop changes nothing', () => {
    let wall = 1000;
    const clock = new TrainingClock(() => wall);
    wall += 5000; // idle before Start
    expect(clock.now()).toBe(0);
    clock.runWhile(true);
    wall += 300;
    clock.runWhile(true);
    wall += 200;
    expect(clock.now()).toBe(500);
    clock.runWhile(false);
    wall += 10_000; // paused
    clock.runWhile(false);
    expect(clock.now()).toBe(500);
    clock.runWhile(true);
    wall += 250;
    expect(clock.now()).toBe(750);
  });
});
