import { describe, expect, it } from 'vitest';
import { atan2, atanRatioScaled, cos, sin, tanh } from '../../../src/env/physics/portableMath';
import { NumpyRandom } from '../../../src/env/rng';

const view = new DataView(new ArrayBuffer(8));
/** Doubles in order as integers, so that the difference of two is their distance in ulps. */
const ordinal = (x: number): bigint => {
  view.setFloat64(0, x);
  const v = view.getBigInt64(0);
  return v < 0n ? -(v & 0x7fffffffffffffffn) : v;
};
const ulps = (a: number, b: number): number =>
  Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)) ? 0 : Math.abs(Number(ordinal(a) - ordinal(b)));
const nextUp = (x: number): number => {
  view.setFloat64(0, x);
  view.setBigInt64(0, view.getBigInt64(0) + (x >= 0 ? 1n : -1n));
  return view.getFloat64(0);
};

/** The largest ulp distance from Math's function over the inputs. */
function worst(inputs: number[][], ours: (...a: number[]) => number, math: (...a: number[]) => number) {
  let max = 0;
  for (const a of inputs) max = Math.max(max, ulps(ours(...a), math(...a)));
  return max;
}

const rng = NumpyRandom.fromSeed(2024);
const uniform = (n: number, low: number, high: number) =>
  Array.from({ length: n }, () => [rng.uniform(low, high)]);
/** Magnitudes spread evenly over decades, both signs. */
const decades = (n: number, lowExp: number, highExp: number) =>
  Array.from({ length: n }, () => [(rng.uniform(0, 1) < 0.5 ? -1 : 1) * 10 ** rng.uniform(lowExp, highExp)]);

describe('sin and cos', () => {
  it.each([
    ['the lander angles', -4, 4],
    ['the wind arguments', -400, 400],
    ['a million', -1e6, 1e6],
    ['a billion', -1e9, 1e9],
  ])('are within 1 ulp of Math over %s', (_, low, high) => {
    const xs = uniform(20_000, low, high);
    expect(worst(xs, sin, Math.sin)).toBeLessThanOrEqual(1);
    expect(worst(xs, cos, Math.cos)).toBeLessThanOrEqual(1);
  });

  it('are within 1 ulp from tiny to the largest doubles', () => {
    const xs = [...decades(20_000, -300, 308), [Number.MAX_VALUE], [Number.MIN_VALUE], [2 ** 1023], [1e22]];
    expect(worst(xs, sin, Math.sin)).toBeLessThanOrEqual(1);
    expect(worst(xs, cos, Math.cos)).toBeLessThanOrEqual(1);
  });

  it('keep their relative accuracy next to multiples of π/2, where the reduction cancels', () => {
    const xs: number[][] = [];
    for (let k = 1; k < 20_000; k++) {
      const x = (k * Math.PI) / 2;
      xs.push([x], [nextUp(x)], [-x]);
    }
    expect(worst(xs, sin, Math.sin)).toBeLessThanOrEqual(1);
    expect(worst(xs, cos, Math.cos)).toBeLessThanOrEqual(1);
  });

  it('give Math’s special values', () => {
    for (const x of [0, -0, Infinity, -Infinity, NaN, 1e-310, -1e-20]) {
      expect(sin(x)).toBe(Math.sin(x));
      expect(cos(x)).toBe(Math.cos(x));
    }
  });
});

describe('atan2', () => {
  it('is within 1 ulp of Math in every quadrant and over wide magnitudes', () => {
    const pairs = Array.from({ length: 20_000 }, () => [
      ...decades(1, -30, 30)[0],
      ...decades(1, -30, 30)[0],
    ]);
    const near = Array.from({ length: 20_000 }, () => [rng.uniform(-20, 20), rng.uniform(-20, 20)]);
    expect(worst(pairs, atan2, Math.atan2)).toBeLessThanOrEqual(1);
    expect(worst(near, atan2, Math.atan2)).toBeLessThanOrEqual(1);
  });

  it('gives Math’s answers for zeros, infinities and NaN', () => {
    const specials = [0, -0, 1, -1, Infinity, -Infinity, NaN, 1e-320];
    for (const y of specials) for (const x of specials) expect(atan2(y, x)).toBe(Math.atan2(y, x));
  });
});

/** tanh(x) for 2^-40 ≤ x ≤ 4, correctly rounded (up to a vanishing chance), from exact BigInt series. */
function exactTanh(x: number): number {
  const bits = 200n;
  const one = 1n << bits;
  const twoX = (2n * BigInt(x * 2 ** 100)) << (bits - 100n); // x·2^100 is a whole number here
  let term = one;
  let e = one;
  for (let n = 1n; term > 0n; n++) {
    term = ((term * twoX) >> bits) / n;
    e += term;
  }
  return Number(((e - one) << bits) / (e + one)) / 2 ** 200;
}

describe('tanh', () => {
  it('is within 1 ulp of the exact value (correctly rounded for most inputs)', () => {
    const xs = [...uniform(3000, 0, 3), ...decades(3000, -8, 0).map(([x]) => [Math.abs(x)])];
    let off = 0;
    for (const [x] of xs) {
      const u = ulps(tanh(x), exactTanh(x));
      expect(u).toBeLessThanOrEqual(1);
      if (u > 0) off++;
      expect(tanh(-x)).toBe(-tanh(x));
    }
    expect(off / xs.length).toBeLessThan(0.05);
  });

  it('is within 3 ulp of Math (whose own tanh is off by up to 2) and gives its special values', () => {
    const xs = [...uniform(20_000, -3, 3), ...decades(20_000, -12, 1.5)];
    expect(worst(xs, tanh, Math.tanh)).toBeLessThanOrEqual(3);
    for (const x of [0, -0, 1e-300, 22, 40, Infinity, -Infinity, NaN]) expect(tanh(x)).toBe(Math.tanh(x));
  });
});

describe('the constants', () => {
  it('π/2, π and atan(k/16) come out of the exact series as the module holds them', () => {
    const bits = 200;
    const toDouble = (v: bigint) => Number(v) / 2 ** bits;
    const pi = 4n * atanRatioScaled(1, 1, bits);
    expect(toDouble(pi)).toBe(Math.PI);
    // sin(π) is the rounding error of Math.PI, which only the full π (hi + lo) gives correctly.
    expect(sin(Math.PI)).toBe(toDouble(pi - BigInt(Math.PI * 2 ** 51) * 2n ** BigInt(bits - 51)));
    for (let k = 4; k <= 16; k++) {
      expect(atan2(k, 16)).toBe(toDouble(atanRatioScaled(k, 16, bits)));
    }
  });
});
