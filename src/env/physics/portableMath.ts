/**
 * sin, cos, atan2 and tanh that give the same bits on every JavaScript engine. Each engine's Math.sin and
 * friends may differ in the last bit (V8 in Node 20 and in Chromium do), and the simulation amplifies one
 * bit into a different episode. These use only +, −, ×, ÷, comparisons and Math.abs/floor, which IEEE 754
 * rounds exactly the same everywhere, so they are portable; each is within about one ulp of the exact value.
 *
 * Method: classic argument reduction (by π/2 for sin/cos, by ln 2 for tanh's exp, by a table of atan(k/16)
 * for atan2) and Taylor polynomials on the small reduced range, long enough that truncation is far below
 * half an ulp. The constants are π/2, ln 2 and atan(k/16) split into double-double parts; the tests derive
 * each of them again from exact BigInt series.
 */

const bits = new DataView(new ArrayBuffer(8));
/** 2^k built from its bits (the ** operator is only approximated by the spec; this is exact). */
function pow2(k: number): number {
  bits.setUint32(0, (k + 1023) << 20);
  bits.setUint32(4, 0);
  return bits.getFloat64(0);
}

// π/2 as P1 + P2 + P3 + P4: the first three hold 33 significant bits each, so n·Pi is exact for n < 2^20.
const P1 = 1.5707963267341256;
const P2 = 6.077100506303966e-11;
const P3 = 2.0222662487111665e-21;
const P4 = 8.4784276603689e-32;
const PIO2_HI = 1.5707963267948966;
const PIO2_LO = 6.123233995736766e-17;
const PI_HI = 3.141592653589793;
const PI_LO = 1.2246467991473532e-16;
const PIO4 = 0.7853981633974483;
const THREE_PIO4 = 2.356194490192345;
const INV_PIO2 = 0.6366197723675814; // only picks the quadrant, so its own rounding does not matter
/** Below this the three-part reduction is exact enough; above it (rare) the exact BigInt one takes over. */
const MEDIUM_LIMIT = 1.6e6;
const CANCELLATION_LIMIT = pow2(-20);
const SPLITTER = 134217729;
const SIN_TINY = pow2(-26);
const TINY = pow2(-27); // 2^27 + 1, Veltkamp's constant for splitting a double into two 26-bit halves

// ln 2 as LN2_HI + LN2_LO, LN2_HI with 42 bits so k·LN2_HI is exact for |k| < 2^11.
const LN2_HI = 0.6931471805598903;
const LN2_LO = 5.497923018708371e-14;
const INV_LN2 = 1.4426950408889634;
const HALF_LN2 = 0.34657359027997264;

/** atan(k/16) for k = 4…16 as hi + lo. */
const ATAN_HI = [
  0.24497866312686414, 0.3028848683749714, 0.35877067027057225, 0.4124104415973873, 0.4636476090008061,
  0.5123894603107377, 0.5585993153435624, 0.6022873461349642, 0.6435011087932844, 0.6823165548747481,
  0.7188299996216245, 0.7531512809621944, 0.7853981633974483,
];
const ATAN_LO = [
  1.0698755618734451e-17, -1.1010827903001369e-17, -2.4623815582638635e-17, -1.587652227770689e-17,
  2.2698777452961687e-17, -2.5462781472855804e-17, -5.4556305485916264e-18, 2.950430737228402e-17,
  1.5834785051444286e-17, 6.943223671560008e-18, -2.1478388444456983e-17, -2.4256934659182068e-17,
  3.061616997868383e-17,
];

/** Taylor coefficients, each one correctly rounded division (hence portable). */
const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
// sin: (−1)^k / (2k+1)!, k = 1…8 (the x^19 term is below 1e-19 at π/4).
const S = Array.from({ length: 8 }, (_, i) => (i % 2 === 0 ? -1 : 1) / factorial(2 * i + 3));
// cos: (−1)^k / (2k)!, k = 2…8 (the x^18 term is below 3e-18 at π/4).
const C = Array.from({ length: 7 }, (_, i) => (i % 2 === 0 ? 1 : -1) / factorial(2 * i + 4));
// expm1: 1/k!, k = 3…14 (the r^15 term is below 1e-19 at ln2/2; r²/2 is handled exactly).
const E3 = Array.from({ length: 12 }, (_, i) => 1 / factorial(i + 3));
// atan: (−1)^k / (2k+1), k = 1…13 (the s^29 term is below 2e-19 at 1/4).
const A = Array.from({ length: 13 }, (_, i) => (i % 2 === 0 ? -1 : 1) / (2 * i + 3));

const horner = (coefficients: readonly number[], z: number): number => {
  let p = coefficients[coefficients.length - 1];
  for (let i = coefficients.length - 2; i >= 0; i--) p = coefficients[i] + z * p;
  return p;
};

/** a·b − fl(a·b), exactly: Dekker's product by Veltkamp splitting (for |a|, |b| well inside the range). */
function productError(a: number, b: number): number {
  const p = a * b;
  const sa = SPLITTER * a;
  const ah = sa - (sa - a);
  const al = a - ah;
  const sb = SPLITTER * b;
  const bh = sb - (sb - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

/** sin(x + tail) for |x| ≲ π/4, tail a correction below half an ulp of x. */
function sinKernel(x: number, tail: number): number {
  const z = x * x;
  return x + (x * z * horner(S, z) + tail * (1 - 0.5 * z));
}

/** cos(x + tail) for |x| ≲ π/4. 1 − x²/2 is formed with its rounding errors carried, as it dominates. */
function cosKernel(x: number, tail: number): number {
  const z = x * x;
  const zError = productError(x, x);
  const hz = 0.5 * z;
  const w = 1 - hz;
  return w + (1 - w - hz + (z * z * horner(C, z) - 0.5 * zError - x * tail));
}

// The reduction's result, kept in module variables so that no call allocates.
let quadrant = 0;
let reducedHi = 0;
let reducedLo = 0;

/** Writes ax − n·π/2 (as reducedHi + reducedLo, |·| ≲ π/4) and n mod 4, for finite ax > π/4. */
function reduce(ax: number): void {
  if (ax < MEDIUM_LIMIT) {
    const n = Math.floor(ax * INV_PIO2 + 0.5);
    const r = ax - n * P1; // exact: both are multiples of the smaller ulp and |r| < 1
    const w = n * P2;
    const hi = r - w;
    const back = hi - r;
    const lo = r - (hi - back) + (-w - back) - n * P3 - n * P4;
    reducedHi = hi + lo;
    reducedLo = hi - reducedHi + lo;
    quadrant = n % 4;
    // Near a multiple of π/2 the cancellation leaves too few bits; the exact reduction keeps them.
    if (Math.abs(reducedHi) > CANCELLATION_LIMIT) return;
  }
  reduceExactly(ax);
}

const FRACTION_BITS = 173; // 53 for the input's mantissa, 120 to spare against cancellation
const FRACTION_SCALE = pow2(-FRACTION_BITS);
const TWO_OVER_PI_BITS = 1200; // ≥ 971 (largest exponent of a double's integer mantissa) + FRACTION_BITS
let twoOverPi: bigint | null = null;

/** x·(2/π) in exact integer arithmetic (Payne–Hanek style) for huge arguments and near-multiples. */
function reduceExactly(ax: number): void {
  twoOverPi ??=
    (1n << BigInt(2 * TWO_OVER_PI_BITS + 65)) / (4n * atanRatioScaled(1, 1, TWO_OVER_PI_BITS + 64));
  bits.setFloat64(0, ax);
  const high = bits.getUint32(0);
  const biased = high >>> 20;
  // ax = mantissa · 2^exponent with an integer mantissa (subnormals cannot reach here: ax > π/4).
  const mantissa = (BigInt((high & 0xfffff) | 0x100000) << 32n) | BigInt(bits.getUint32(4));
  const exponent = biased - 1075;
  // mantissa · floor(2/π · 2^(exponent + F)) ≈ ax·(2/π)·2^F, off by less than 2^53, i.e. 2^-120 in ax·2/π.
  const product = mantissa * (twoOverPi >> BigInt(TWO_OVER_PI_BITS - exponent - FRACTION_BITS));
  const F = BigInt(FRACTION_BITS);
  let n = Number((product >> F) & 3n);
  let fraction = product & ((1n << F) - 1n);
  if (fraction >= 1n << (F - 1n)) {
    fraction -= 1n << F;
    n = (n + 1) % 4;
  }
  const fHiScaled = Number(fraction); // rounds to nearest
  const fLo = Number(fraction - BigInt(fHiScaled)) * FRACTION_SCALE;
  const fHi = fHiScaled * FRACTION_SCALE;
  // (fHi + fLo)·(π/2) in double-double: the leading product exactly, by Veltkamp splitting.
  const product0 = fHi * PIO2_HI;
  const lo = productError(fHi, PIO2_HI) + fHi * PIO2_LO + fLo * PIO2_HI;
  reducedHi = product0 + lo;
  reducedLo = product0 - reducedHi + lo;
  quadrant = n;
}

export function sin(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < Infinity)) return NaN;
  if (ax < SIN_TINY) return x; // x³/6 is below half an ulp (and ±0 keeps its sign)
  if (ax <= PIO4) return sinKernel(x, 0);
  reduce(ax);
  let s: number;
  if (quadrant === 0) s = sinKernel(reducedHi, reducedLo);
  else if (quadrant === 1) s = cosKernel(reducedHi, reducedLo);
  else if (quadrant === 2) s = -sinKernel(reducedHi, reducedLo);
  else s = -cosKernel(reducedHi, reducedLo);
  return x < 0 ? -s : s;
}

export function cos(x: number): number {
  const ax = Math.abs(x);
  if (!(ax < Infinity)) return NaN;
  if (ax < TINY) return 1;
  if (ax <= PIO4) return cosKernel(ax, 0);
  reduce(ax);
  if (quadrant === 0) return cosKernel(reducedHi, reducedLo);
  if (quadrant === 1) return -sinKernel(reducedHi, reducedLo);
  if (quadrant === 2) return -cosKernel(reducedHi, reducedLo);
  return sinKernel(reducedHi, reducedLo);
}

let atanLo = 0; // the low part of atanUnit's last result

/**
 * atan(s + sError) for 0 ≤ s ≤ 1 and a tiny sError, as the returned high part plus atanLo: atan(c) for the
 * nearest c = k/16 from the table, plus atan((s − c)/(1 + s·c)), which is small (or the series for s < 1/4).
 */
function atanUnit(s: number, sError: number): number {
  if (s < 0.25) {
    const z = s * s;
    atanLo = s * z * horner(A, z) + sError * (1 - z);
    return s;
  }
  const k = Math.floor(s * 16 + 0.5);
  const c = k / 16;
  const u = (s - c) / (1 + s * c); // s − c is exact (Sterbenz)
  atanLo = ATAN_LO[k - 4] + (u + u * u * u * horner(A, u * u)) + sError / (1 + s * s);
  return ATAN_HI[k - 4];
}

/** n/d (0 < n ≤ d), leaving its rounding error in quotientError where no product can overflow. */
function quotient(n: number, d: number): number {
  const q = n / d;
  quotientError = 0;
  if (d < 1e280 && n > 1e-280) {
    const p = q * d;
    quotientError = (n - p - productError(q, d)) / d;
  }
  return q;
}
let quotientError = 0;

/** The angle of (x, y), with Math.atan2's answers for zeros, infinities and NaN. */
export function atan2(y: number, x: number): number {
  if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
  if (y === 0) return x > 0 || (x === 0 && 1 / x > 0) ? y : 1 / y > 0 ? PI_HI : -PI_HI;
  if (x === 0) return y > 0 ? PIO2_HI : -PIO2_HI;
  const ax = Math.abs(x);
  const ay = Math.abs(y);
  let a: number;
  if (ax === Infinity) a = ay === Infinity ? (x > 0 ? PIO4 : THREE_PIO4) : x > 0 ? 0 : PI_HI;
  else if (ay === Infinity) a = PIO2_HI;
  else {
    // Carried as hi + lo through π/2 − · and π − · (each difference's error exact, Fast2Sum), rounded once.
    const flip = ay > ax;
    const s = flip ? quotient(ax, ay) : quotient(ay, ax);
    let hi = atanUnit(s, quotientError);
    let lo = atanLo;
    if (flip) {
      const t = PIO2_HI - hi;
      lo = PIO2_HI - t - hi + PIO2_LO - lo;
      hi = t;
    }
    if (x < 0) {
      const t = PI_HI - hi;
      lo = PI_HI - t - hi + PI_LO - lo;
      hi = t;
    }
    a = hi + lo;
  }
  return y < 0 ? -a : a;
}

let expm1Lo = 0; // the low part of expm1's last result

/** e^x − 1 for −2 ≤ x ≤ 44 (all tanh needs) as the returned high part plus expm1Lo, far below an ulp. */
function expm1(x: number): number {
  const k = Math.abs(x) <= HALF_LN2 ? 0 : Math.floor(x * INV_LN2 + 0.5);
  const hi = x - k * LN2_HI; // exact
  const lo = k * LN2_LO;
  const r = hi - lo;
  const tail = hi - r - lo; // r + tail = x − k·ln 2 to far below r's ulp
  // e^(r + tail) − 1 = r + r²/2 + r³/6 + … + tail·e^r, with r + r²/2 carried exactly (Fast2Sum).
  const z = r * r;
  const half = 0.5 * z;
  const h = r + half;
  const l = half - (h - r) + (0.5 * productError(r, r) + r * z * horner(E3, r) + tail * (1 + r));
  if (k === 0) return normalized(h, l);
  // 2^k·(1 + h + l) − 1 = (2^k − 1) + 2^k·h + 2^k·l: 2^k − 1 is exact while k ≤ 53 (beyond, its rounding is
  // far below the result's ulp), the products by 2^k are exact, and the one sum is carried (TwoSum).
  const scale = pow2(k);
  const a = scale - 1;
  const b = scale * h;
  const sum = a + b;
  const bb = sum - a;
  return normalized(sum, a - (sum - bb) + (b - bb) + scale * l);
}

/** hi + lo rounded, with what that rounding dropped left in expm1Lo (Fast2Sum; |hi| ≥ |lo|). */
function normalized(hi: number, lo: number): number {
  const sum = hi + lo;
  expm1Lo = lo - (sum - hi);
  return sum;
}

export function tanh(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax < TINY) return x; // x³/3 is below half an ulp
  if (ax >= 22) return x > 0 ? 1 : -1; // 1 − tanh(22) < 2^-62
  let t: number;
  if (ax >= 1) t = 1 - 2 / (expm1(2 * ax) + expm1Lo + 2);
  else {
    // −e/(e + 2) for e = e^(−2|x|) − 1 = eh + el; the quotient corrected by its exact residual.
    const eh = expm1(-2 * ax);
    const el = expm1Lo;
    const d = eh + 2;
    const dl = eh - (d - 2) + el;
    const q = -eh / d;
    const residual = -eh - q * d - productError(q, d);
    t = q + (residual - el - q * dl) / d;
  }
  return x < 0 ? -t : t;
}

/** floor(atan(p/q)·2^bits) for integers 0 < p ≤ q, by Euler's series (each term at most half the last). */
export function atanRatioScaled(p: number, q: number, bits: number): bigint {
  const P = BigInt(p);
  const Q = BigInt(q);
  const guard = 64n;
  const scale = BigInt(bits) + guard;
  const d = P * P + Q * Q;
  let term = ((1n << scale) * P * Q) / d;
  let sum = term;
  for (let n = 1n; term > 0n; n++) {
    term = (term * 2n * n * P * P) / ((2n * n + 1n) * d);
    sum += term;
  }
  return sum >> guard;
}
