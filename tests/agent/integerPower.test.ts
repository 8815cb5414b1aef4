import { describe, expect, it } from 'vitest';
import { integerPower } from '../../src/agent/integerPower';

describe('integerPower', () => {
  it('is exact where the power is representable', () => {
    expect(integerPower(2, 0)).toBe(1);
    expect(integerPower(2, 52)).toBe(2 ** 52);
    expect(integerPower(3, 33)).toBe(5559060566555523);
    expect(integerPower(-0.5, 7)).toBe(-0.0078125);
  });

  it("stays within t roundings of Math.pow for Adam's β over a million steps", () => {
    // Each squaring's rounding is raised to the rest of the power, so the error grows like t·ε; for
    // 1 − β^t it is still far below float32's resolution, which is what the kernel sees.
    for (const beta of [0.9, 0.999, 0.9999]) {
      for (let t = 1; t <= 1_000_000; t += 997) {
        const exact = Math.pow(beta, t);
        if (exact === 0) break;
        expect(Math.abs(integerPower(beta, t) / exact - 1)).toBeLessThanOrEqual(t * 1e-15);
        expect(Math.abs(integerPower(beta, t) - exact)).toBeLessThan(1e-12);
      }
    }
  });
});
