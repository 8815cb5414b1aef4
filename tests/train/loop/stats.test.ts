import { describe, expect, it } from 'vitest';
import { describeSample, quantile, tQuantile975 } from '../../../src/train/loop/stats';

describe('sample statistics', () => {
  it("give Student's t quantile within 1e-3 of the table", () => {
    const table: [number, number][] = [
      [1, 12.706],
      [2, 4.303],
      [4, 2.776],
      [5, 2.571],
      [9, 2.262],
      [19, 2.093],
      [29, 2.045],
      [99, 1.984],
      [1000, 1.962],
    ];
    for (const [df, t] of table) expect(Math.abs(tQuantile975(df) - t)).toBeLessThan(1e-3);
    expect(() => tQuantile975(0)).toThrow(/at least 1/);
  });

  it('give the mean, the sample standard deviation and a 95% interval of the mean', () => {
    const s = describeSample([2, 4, 4, 4, 5, 5, 7, 9]);
    expect(s.mean).toBe(5);
    expect(s.std).toBeCloseTo(Math.sqrt(32 / 7), 12);
    const half = (2.3646 * Math.sqrt(32 / 7)) / Math.sqrt(8);
    expect(s.ci95![0]).toBeCloseTo(5 - half, 3);
    expect(s.ci95![1]).toBeCloseTo(5 + half, 3);
    expect(describeSample([3])).toEqual({ n: 1, mean: 3, std: 0, ci95: null });
    expect(() => describeSample([])).toThrow(/at least one/);
  });

  it('give quantiles as NumPy does (linear between order statistics)', () => {
    const xs = [7, 1, 3, 9, 5];
    expect(quantile(xs, 0.5)).toBe(5);
    expect(quantile(xs, 0.25)).toBe(3);
    expect(quantile([1, 2, 3, 4], 0.25)).toBe(1.75);
    expect(quantile([1, 2, 3, 4], 0.75)).toBe(3.25);
    expect(quantile([4], 0.9)).toBe(4);
    expect(xs).toEqual([7, 1, 3, 9, 5]);
  });
});
