/** NumPy's SeedSequence + PCG64 + Generator.uniform/integers, checked against vectors NumPy 1.24 produced. */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { NumpyRandom, seedSequenceWords64 } from '../../src/env/rng';
import { index, load } from './fixtures';

interface Vector {
  seed: bigint;
  seedSeqWords64: string[];
  state: string;
  inc: string;
  firstUint64: string[];
  windStream: number[];
}

// Some seeds exceed 2^53, so take them from the JSON text as exact integers.
const text = gunzipSync(
  readFileSync(new URL('../fixtures/gymnasium/rng-vectors.json.gz', import.meta.url)),
).toString();
const exactSeeds = [...text.matchAll(/"seed":\s*(\d+)/g)].map((m) => BigInt(m[1]));
const vectors: Vector[] = (JSON.parse(text).vectors as Omit<Vector, 'seed'>[]).map((v, i) => ({
  ...v,
  seed: exactSeeds[i],
}));

const H = 400 / 30;

const MULTIPLIER = 0x2360ed051fc65da44385df649fccf645n;
const MASK64 = (1n << 64n) - 1n;
const MASK128 = (1n << 128n) - 1n;

/** The inverse of an odd a mod 2^bits, by Newton's iteration (each step doubles the correct low bits). */
function inverse(a: bigint, bits: number): bigint {
  const mask = (1n << BigInt(bits)) - 1n;
  let x = a; // a · a ≡ 1 (mod 8) for odd a
  for (let ok = 3; ok < bits; ok *= 2) x = (x * (2n - a * x)) & mask;
  return x;
}

/** A state whose 64-bit XSL-RR output is `out`: rotation 17 in the top six bits, high ^ low = rotl(out, 17). */
function stateOutputting(out: bigint): bigint {
  const rot = 17n;
  const high = rot << 58n;
  const low = (((out << rot) | (out >> (64n - rot))) & MASK64) ^ high;
  return (high << 64n) | low;
}

/** The state one LCG step before `after` (the multiplier is odd, so the step can be undone). */
function stepBack(after: bigint, inc: bigint): bigint {
  return ((after - inc) * inverse(MULTIPLIER, 128)) & MASK128;
}

describe.each(vectors)('seed $seed', (v) => {
  it('SeedSequence words, PCG64 state and first outputs', () => {
    expect(seedSequenceWords64(v.seed, 4).map(String)).toEqual(v.seedSeqWords64);
    const rng = NumpyRandom.fromSeed(v.seed);
    const { state, inc } = rng.getState();
    expect([String(state), String(inc)]).toEqual([v.state, v.inc]);
    expect([0, 1, 2, 3].map(() => String(rng.nextUint64()))).toEqual(v.firstUint64);
  });

  it('the wind-episode call stream: terrain, push, two integers sharing one output, dispersion', () => {
    const rng = NumpyRandom.fromSeed(v.seed);
    const got = [
      ...Array.from({ length: 12 }, () => rng.uniform(0, H / 2)),
      rng.uniform(-1000, 1000),
      rng.uniform(-1000, 1000),
      rng.integers(-9999, 9999),
      rng.integers(-9999, 9999),
      ...Array.from({ length: 6 }, () => rng.uniform(-1, 1)),
    ];
    expect(got).toEqual(v.windStream);
  });
});

describe('NumpyRandom', () => {
  it('ends each recorded reset in the PCG64 state Gymnasium’s generator was in', () => {
    for (const { file, seed } of index.filter((e) => e.seed !== null)) {
      const fx = load(file) as ReturnType<typeof load> & {
        rng: { pcg64StateAfterReset: { state: string; inc: string; hasUint32: number; uinteger: number } };
      };
      const rng = NumpyRandom.fromSeed(seed!);
      for (const [kind, low, high, size] of fx.draws.slice(0, fx.reset.drawCount)) {
        for (let i = 0; i < (size ?? 1); i++) {
          if (kind === 'uniform') rng.uniform(low, high);
          else rng.integers(low, high);
        }
      }
      const want = fx.rng.pcg64StateAfterReset;
      const got = rng.getState();
      expect([String(got.state), String(got.inc), got.hasUint32, got.uinteger], file).toEqual([
        want.state,
        want.inc,
        want.hasUint32 === 1,
        want.uinteger,
      ]);
    }
  });

  it('keeps the buffered 32-bit half across 64-bit draws', () => {
    const a = NumpyRandom.fromSeed(3);
    const first = a.integers(-9999, 9999);
    a.uniform(0, 1); // a 64-bit draw does not touch the buffered half
    const second = a.integers(-9999, 9999);
    const b = NumpyRandom.fromSeed(3);
    expect([b.integers(-9999, 9999), b.integers(-9999, 9999)]).toEqual([first, second]);
  });

  it('rejects and redraws 32-bit outputs below the Lemire threshold', () => {
    // With range 2^31 + 1 the threshold is 2^31 − 1, so about half of all outputs are redrawn.
    const range = 2 ** 31 + 1;
    const rng = NumpyRandom.fromSeed(9);
    const raw = NumpyRandom.fromSeed(9);
    let redraws = 0;
    for (let k = 0; k < 200; k++) {
      const got = rng.integers(0, range);
      let x: number;
      let lo: bigint;
      do {
        x = raw.nextUint32();
        lo = (BigInt(x) * BigInt(range)) & 0xffffffffn;
        if (lo < BigInt(2 ** 31 - 1)) redraws++;
      } while (lo < BigInt(2 ** 31 - 1));
      expect(got).toBe(Number((BigInt(x) * BigInt(range)) >> 32n));
    }
    expect(redraws).toBeGreaterThan(50);
  });

  it('takes a 32-bit output as is for a range of exactly 2^32, and draws nothing for a range of one', () => {
    const a = NumpyRandom.fromSeed(11);
    const b = NumpyRandom.fromSeed(11);
    expect([a.integers(5, 5 + 2 ** 32), a.integers(7, 8), a.integers(0, 2 ** 32)]).toEqual([
      5 + b.nextUint32(),
      7,
      b.nextUint32(),
    ]);
    expect(() => a.integers(0, 2 ** 32 + 1)).toThrow(/high − low ≤ 2\^32/);
  });

  it.each([
    // leftover = low 32 bits of next32 · 19998; the threshold for this range is (2^32 − 19998) mod 19998 = 16834.
    { leftover: 16832, want: 7396, hasUint32: false, why: 'redrawn: the buffered high half decides' },
    { leftover: 16834, want: -1, hasUint32: true, why: 'kept: the high half stays buffered' },
  ])('integers(-9999, 9999) with leftover $leftover: $why', ({ leftover, want, hasUint32 }) => {
    const inc = 87136372517582989555478159403783844777n; // seed 0's
    const highHalf = 0xdeadbeefn;
    // A low half x with x · 19998 ≡ leftover (mod 2^32): 19998 = 2 · 9999, and 9999 is invertible mod 2^31.
    const lowHalf = (BigInt(leftover / 2) * inverse(9999n, 31)) & 0x7fffffffn;
    const after = stateOutputting((highHalf << 32n) | lowHalf);
    const rng = NumpyRandom.fromSeed(0);
    rng.setState({ state: stepBack(after, inc), inc, hasUint32: false, uinteger: 0 });
    // Results and end states as NumPy gives them from the same state.
    expect(rng.integers(-9999, 9999)).toBe(want);
    expect(rng.getState()).toEqual({ state: after, inc, hasUint32, uinteger: Number(highHalf) });
  });

  it.each([
    [0, 0],
    [5, 4],
    [0.5, 3],
  ])('refuses integers(%d, %d)', (low, high) => {
    expect(() => NumpyRandom.fromSeed(0).integers(low, high)).toThrow(`integers(${low}, ${high})`);
  });

  it('hashes seeds longer than the four-word pool (the SeedSequence tail loop)', () => {
    // 3^100 is five 32-bit words; words recorded with NumPy's SeedSequence(3**100).generate_state(4, uint64).
    expect(seedSequenceWords64(3n ** 100n, 4).map(String)).toEqual([
      '9215602259100099918',
      '881975609434860668',
      '3994659363573231924',
      '1431421223998404513',
    ]);
  });

  it('draws integers within bounds, all values reachable', () => {
    const rng = NumpyRandom.fromSeed(1);
    const seen = new Set<number>();
    for (let k = 0; k < 20_000; k++) {
      const x = rng.integers(0, 4);
      expect(x >= 0 && x < 4 && Number.isInteger(x)).toBe(true);
      seen.add(x);
    }
    expect(seen.size).toBe(4);
  });

  it('restores a saved state exactly', () => {
    const rng = NumpyRandom.fromSeed(42);
    rng.integers(0, 10);
    const saved = rng.getState();
    const ahead = [rng.uniform(0, 1), rng.integers(0, 10), rng.integers(0, 10)];
    rng.setState(saved);
    expect([rng.uniform(0, 1), rng.integers(0, 10), rng.integers(0, 10)]).toEqual(ahead);
  });

  // 2^60 is an integer, but as a number it may already be a rounded bigger seed: such seeds must be bigints.
  it.each([-1, 1.5, NaN, Infinity, 2 ** 60, -1n])('refuses seed %s', (seed) => {
    expect(() => NumpyRandom.fromSeed(seed)).toThrow(`seed must be a non-negative integer, got ${seed}`);
  });
});
