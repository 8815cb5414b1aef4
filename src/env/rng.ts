/**
 * NumPy's default generator, bit for bit: `Generator(PCG64(SeedSequence(seed)))` with the two calls
 * LunarLander makes, `uniform(low, high)` and `integers(low, high)`. With it, `reset(seed)` draws the
 * same terrain, push and engine dispersion as Gymnasium does with that seed (SPEC.md §3).
 *
 * The 128-bit LCG state lives in eight 16-bit limbs held in plain numbers: every partial product and
 * carry stays exact in a double, and no BigInt is allocated per draw (the env draws twice per step).
 */
import type { RandomSource } from './types';

// NumPy's SeedSequence hash constants (bit_generator.pyx).
const INIT_A = 0x43b0d7e5;
const MULT_A = 0x931e8875;
const INIT_B = 0x8b51f9dd;
const MULT_B = 0x58f38ded;
const MIX_MULT_L = 0xca01f9dd;
const MIX_MULT_R = 0x4973f715;
const XSHIFT = 16;
const POOL_SIZE = 4;

const mul32 = (a: number, b: number) => Math.imul(a, b) >>> 0;

/** SeedSequence(seed).generate_state(nWords32) for a seed with no spawn key. */
export function seedSequenceWords32(seed: bigint, nWords32: number): Uint32Array {
  // The seed as little-endian 32-bit words ([0] for zero).
  const entropy: number[] = [];
  for (let x = seed; entropy.length === 0 || x > 0n; x >>= 32n) entropy.push(Number(x & 0xffffffffn));

  let hashConst = INIT_A;
  const hashmix = (value: number): number => {
    value = (value ^ hashConst) >>> 0;
    hashConst = mul32(hashConst, MULT_A);
    value = mul32(value, hashConst);
    return (value ^ (value >>> XSHIFT)) >>> 0;
  };
  const mix = (x: number, y: number): number => {
    const r = (mul32(MIX_MULT_L, x) - mul32(MIX_MULT_R, y)) >>> 0;
    return (r ^ (r >>> XSHIFT)) >>> 0;
  };

  const pool = new Array<number>(POOL_SIZE);
  for (let i = 0; i < POOL_SIZE; i++) pool[i] = hashmix(i < entropy.length ? entropy[i] : 0);
  for (let src = 0; src < POOL_SIZE; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) {
      if (src !== dst) pool[dst] = mix(pool[dst], hashmix(pool[src]));
    }
  }
  for (let src = POOL_SIZE; src < entropy.length; src++) {
    for (let dst = 0; dst < POOL_SIZE; dst++) pool[dst] = mix(pool[dst], hashmix(entropy[src]));
  }

  const out = new Uint32Array(nWords32);
  let hashB = INIT_B;
  for (let i = 0; i < nWords32; i++) {
    let v = (pool[i % POOL_SIZE] ^ hashB) >>> 0;
    hashB = mul32(hashB, MULT_B);
    v = mul32(v, hashB);
    out[i] = (v ^ (v >>> XSHIFT)) >>> 0;
  }
  return out;
}

/** SeedSequence(seed).generate_state(n, uint64), as BigInts. */
export function seedSequenceWords64(seed: bigint, n: number): bigint[] {
  const w = seedSequenceWords32(seed, 2 * n);
  return Array.from({ length: n }, (_, i) => (BigInt(w[2 * i + 1]) << 32n) | BigInt(w[2 * i]));
}

const MASK128 = (1n << 128n) - 1n;
const MULTIPLIER = 0x2360ed051fc65da44385df649fccf645n;
const LIMBS = 8;
const TWO_32 = 2 ** 32;

function toLimbs(x: bigint): Float64Array {
  const limbs = new Float64Array(LIMBS);
  for (let i = 0; i < LIMBS; i++) limbs[i] = Number((x >> BigInt(16 * i)) & 0xffffn);
  return limbs;
}
function fromLimbs(limbs: Float64Array): bigint {
  let x = 0n;
  for (let i = LIMBS - 1; i >= 0; i--) x = (x << 16n) | BigInt(limbs[i]);
  return x;
}
const [M0, M1, M2, M3, M4, M5, M6, M7] = toLimbs(MULTIPLIER);

export interface Pcg64State {
  state: bigint;
  inc: bigint;
  /** NumPy's buffered upper half of a 64-bit output, waiting for the next 32-bit request. */
  hasUint32: boolean;
  uinteger: number;
}

export interface SavedRandom {
  state: string;
  inc: string;
  hasUint32: boolean;
  uinteger: number;
}

export class NumpyRandom implements RandomSource {
  private readonly s = new Float64Array(LIMBS);
  private readonly inc = new Float64Array(LIMBS);
  private hasUint32 = false;
  private uinteger = 0;
  // The last 64-bit output as two 32-bit halves.
  private outHi = 0;
  private outLo = 0;

  private constructor(state: Pcg64State) {
    this.setState(state);
  }

  /** NumPy's `Generator(PCG64(SeedSequence(seed)))`. */
  static fromSeed(seed: number | bigint): NumpyRandom {
    if (typeof seed === 'number' && !Number.isSafeInteger(seed)) {
      throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
    }
    const big = BigInt(seed);
    if (big < 0n) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
    const [w0, w1, w2, w3] = seedSequenceWords64(big, 4);
    const initState = (w0 << 64n) | w1;
    const inc = ((((w2 << 64n) | w3) << 1n) | 1n) & MASK128;
    // PCG's srandom: state = 0, advance, add the initial state, advance.
    const lcg = (s: bigint) => (s * MULTIPLIER + inc) & MASK128;
    const state = lcg((lcg(0n) + initState) & MASK128);
    return new NumpyRandom({ state, inc, hasUint32: false, uinteger: 0 });
  }

  /** The state as plain data (the 128-bit words as hex), for checkpoints: JSON and structured clone. */
  save(): SavedRandom {
    const st = this.getState();
    return {
      state: st.state.toString(16),
      inc: st.inc.toString(16),
      hasUint32: st.hasUint32,
      uinteger: st.uinteger,
    };
  }

  static restore(saved: SavedRandom): NumpyRandom {
    const hex = /^[0-9a-f]{1,32}$/;
    if (!hex.test(saved?.state) || !hex.test(saved?.inc) || typeof saved.hasUint32 !== 'boolean') {
      throw new Error('not a saved random-generator state');
    }
    return new NumpyRandom({
      state: BigInt(`0x${saved.state}`),
      inc: BigInt(`0x${saved.inc}`),
      hasUint32: saved.hasUint32,
      uinteger: Number(saved.uinteger) >>> 0,
    });
  }

  getState(): Pcg64State {
    return {
      state: fromLimbs(this.s),
      inc: fromLimbs(this.inc),
      hasUint32: this.hasUint32,
      uinteger: this.uinteger,
    };
  }

  setState(st: Pcg64State): void {
    this.s.set(toLimbs(st.state & MASK128));
    this.inc.set(toLimbs(st.inc & MASK128));
    this.hasUint32 = st.hasUint32;
    this.uinteger = st.uinteger >>> 0;
  }

  /** Advances the LCG (state·MULTIPLIER + inc mod 2^128) and leaves the XSL-RR output in outHi/outLo. */
  private step64(): void {
    // Written out limb by limb: the sampler and the env draw tens of these per step. Every partial
    // product and sum is an integer below 2^37, exact in a double, so the order of the sums is free.
    const s = this.s;
    const inc = this.inc;
    const s0 = s[0];
    const s1 = s[1];
    const s2 = s[2];
    const s3 = s[3];
    const s4 = s[4];
    const s5 = s[5];
    const s6 = s[6];
    const s7 = s[7];
    let t = inc[0] + s0 * M0;
    let carry = Math.floor(t / 65536);
    s[0] = t - carry * 65536;
    t = carry + inc[1] + s0 * M1 + s1 * M0;
    carry = Math.floor(t / 65536);
    s[1] = t - carry * 65536;
    t = carry + inc[2] + s0 * M2 + s1 * M1 + s2 * M0;
    carry = Math.floor(t / 65536);
    s[2] = t - carry * 65536;
    t = carry + inc[3] + s0 * M3 + s1 * M2 + s2 * M1 + s3 * M0;
    carry = Math.floor(t / 65536);
    s[3] = t - carry * 65536;
    t = carry + inc[4] + s0 * M4 + s1 * M3 + s2 * M2 + s3 * M1 + s4 * M0;
    carry = Math.floor(t / 65536);
    s[4] = t - carry * 65536;
    t = carry + inc[5] + s0 * M5 + s1 * M4 + s2 * M3 + s3 * M2 + s4 * M1 + s5 * M0;
    carry = Math.floor(t / 65536);
    s[5] = t - carry * 65536;
    t = carry + inc[6] + s0 * M6 + s1 * M5 + s2 * M4 + s3 * M3 + s4 * M2 + s5 * M1 + s6 * M0;
    carry = Math.floor(t / 65536);
    s[6] = t - carry * 65536;
    t = carry + inc[7] + s0 * M7 + s1 * M6 + s2 * M5 + s3 * M4 + s4 * M3 + s5 * M2 + s6 * M1 + s7 * M0;
    carry = Math.floor(t / 65536);
    s[7] = t - carry * 65536;

    // XOR the high and low 64 bits, then rotate right by the top 6 bits of the state.
    let hi = ((s[7] * 65536 + s[6]) ^ (s[3] * 65536 + s[2])) >>> 0;
    let lo = ((s[5] * 65536 + s[4]) ^ (s[1] * 65536 + s[0])) >>> 0;
    let rot = s[7] >>> 10;
    if (rot >= 32) {
      [hi, lo] = [lo, hi];
      rot -= 32;
    }
    if (rot > 0) {
      const h = ((hi >>> rot) | (lo << (32 - rot))) >>> 0;
      lo = ((lo >>> rot) | (hi << (32 - rot))) >>> 0;
      hi = h;
    }
    this.outHi = hi;
    this.outLo = lo;
  }

  /** The next raw 64-bit output (for tests and checkpoints; the draws below avoid BigInt). */
  nextUint64(): bigint {
    this.step64();
    return (BigInt(this.outHi) << 32n) | BigInt(this.outLo);
  }

  /** A double in [0, 1): the top 53 bits of a 64-bit output. */
  nextDouble(): number {
    this.step64();
    return (this.outHi * 2097152 + (this.outLo >>> 11)) * 2 ** -53;
  }

  /** 32-bit output: the low half of a fresh 64-bit output, whose high half serves the next request. */
  nextUint32(): number {
    if (this.hasUint32) {
      this.hasUint32 = false;
      return this.uinteger;
    }
    this.step64();
    this.hasUint32 = true;
    this.uinteger = this.outHi;
    return this.outLo;
  }

  uniform(low: number, high: number): number {
    return low + (high - low) * this.nextDouble();
  }

  /**
   * An integer in [low, high), high exclusive, for ranges up to 2^32: what `Generator.integers` does for
   * int64 results in such a range. A range of one draws nothing, a range of exactly 2^32 takes a 32-bit
   * output as is, and anything between uses Lemire's multiply-and-reject on 32-bit outputs.
   */
  integers(low: number, high: number): number {
    const range = high - low;
    if (!Number.isSafeInteger(low) || !Number.isSafeInteger(high) || range < 1 || range > TWO_32) {
      throw new RangeError(`integers(${low}, ${high}): need integers with 1 ≤ high − low ≤ 2^32`);
    }
    if (range === 1) return low;
    if (range === TWO_32) return low + this.nextUint32();
    let x = this.nextUint32();
    // Low 32 bits of the 64-bit product x·range; Math.imul wraps exactly as uint32 arithmetic does.
    let leftover = Math.imul(x, range) >>> 0;
    if (leftover < range) {
      // (2^32 − range) mod range: outputs whose product falls in this sliver would over-weight some results.
      const threshold = (TWO_32 - range) % range;
      while (leftover < threshold) {
        x = this.nextUint32();
        leftover = Math.imul(x, range) >>> 0;
      }
    }
    // High 32 bits of x·range, from 16-bit halves of x so that every partial product is exact in a double.
    const p1 = (x >>> 16) * range;
    const p0 = (x & 0xffff) * range;
    return low + Math.floor(p1 / 65536) + Math.floor(((p1 % 65536) * 65536 + p0) / TWO_32);
  }
}
