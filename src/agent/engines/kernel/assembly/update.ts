/**
 * The DQN update as one WebAssembly function (AssemblyScript), the same mathematics as the tfjs engines:
 *
 *   y      = r + γ(1 − done)·Q̂(s', a*)      a* = argmax Q̂(s', ·), or with Double DQN argmax Q(s', ·)
 *   loss   = mean over the batch of w·(Q(s, a) − y)², or Huber's (w: prioritized replay's importance
 *            weights when given, else 1); the TD errors Q(s, a) − y are left for the host
 *   grad   = backward through Q = relu(relu(s·W1 + b1)·W2 + b2)·W3 + b3, scaled to gradClipNorm if above it
 *   dueling: the last layer has one more unit, V, and Q(s, a) = out(s, a) − mean_a' out(s, a') + V(s)
 *   Adam   m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  w ← w − lr·(m/c1) / (√(v/c2) + ε)
 *   target Q̂ ← Q̂ + τ·(Q − Q̂)                 (called by the agent: soft, or τ = 1 every N updates)
 *
 * Compiled three ways from this one source (see package.json's build:kernel): f32x4 SIMD, relaxed SIMD
 * (fused multiply-add), and scalar for runtimes without SIMD; `ASC_FEATURE_*` branches are resolved at
 * compile time. Every layer's width is padded to a multiple of 4 inside the kernel, with zeros that stay
 * zero (their activations, gradients and Adam moments are all 0); the host packs and unpacks the Layers
 * order. All memory is laid out once by `layout` for the shape and the largest batch; nothing grows.
 *
 * One file because it is one fused function: every pass shares the layout globals below and the same
 * memory, and a WebAssembly module compiles from one entry; split, the passes would only be harder to
 * read against each other.
 */

// Dimensions: inputs, hidden widths and actions, each hidden/output width padded to 4 (the *P ones).
let I: i32 = 0;
let H1: i32 = 0;
let H2: i32 = 0;
let A: i32 = 0;
/** Q-values per state: A, or A − 1 with a dueling head (whose last output unit is V). */
let QA: i32 = 0;
let DUELING: bool = false;
let H1P: i32 = 0;
let H2P: i32 = 0;
let AP: i32 = 0;
/** Floats in one parameter block (padded W1, b1, W2, b2, W3, b3). */
let P: i32 = 0;

// Byte offsets of the parameter blocks and of each layer inside a block.
let ONLINE: usize = 0;
let TARGET: usize = 0;
let MOMENT1: usize = 0;
let MOMENT2: usize = 0;
let GRAD: usize = 0;
let W1: usize = 0;
let B1: usize = 0;
let W2: usize = 0;
let B2: usize = 0;
let W3: usize = 0;
let B3: usize = 0;
// The batch, written by the host: states and next states [n × I], actions (i32), rewards, dones.
let STATES: usize = 0;
let NEXT_STATES: usize = 0;
let ACTIONS: usize = 0;
let REWARDS: usize = 0;
let DONES: usize = 0;
let WEIGHTS: usize = 0;
let TD: usize = 0;
// Work space: the online pass on s (kept for the backward), the pass on s' (reused for the gradients).
let Y: usize = 0;
let BEST: usize = 0;
let H1_OUT: usize = 0;
let H2_OUT: usize = 0;
let Q_OUT: usize = 0;
let NEXT_H1: usize = 0;
let NEXT_H2: usize = 0;
let NEXT_Q: usize = 0;
// W's transpose (the backward through the output layer).
let TRANSPOSED: usize = 0;
// For each sample, the indices of its active units in each hidden layer and how many (the second layer's
// only in the scalar build, the first's in both).
let UNITS1: usize = 0;
let UNIT_COUNT1: usize = 0;
let UNITS2: usize = 0;
let UNIT_COUNT2: usize = 0;

let meanMaxQ: f32 = 0;

/** Below the smallest normal float: Adam's moments of weights with zero gradient decay here and stall. */
const SMALLEST_NORMAL: f32 = 1.17549435e-38;

function pad4(n: i32): i32 {
  return (n + 3) & ~3;
}

function take(at: usize, floats: i32): usize {
  return at + ((<usize>floats * 4 + 15) & ~15);
}

/**
 * Sets the shape and places every array; returns the bytes the memory must hold. With `dueling` the last
 * layer has `actions + 1` units (the advantages, then V).
 */
export function layout(
  inputs: i32,
  hidden1: i32,
  hidden2: i32,
  actions: i32,
  maxBatch: i32,
  dueling: bool,
): usize {
  I = inputs;
  H1 = hidden1;
  H2 = hidden2;
  DUELING = dueling;
  QA = actions;
  A = dueling ? actions + 1 : actions;
  H1P = pad4(hidden1);
  H2P = pad4(hidden2);
  AP = pad4(A);
  W1 = 0;
  B1 = take(W1, I * H1P);
  W2 = take(B1, H1P);
  B2 = take(W2, H1P * H2P);
  W3 = take(B2, H2P);
  B3 = take(W3, H2P * AP);
  P = <i32>(take(B3, AP) >> 2);
  let at: usize = (__heap_base + 15) & ~15;
  ONLINE = at;
  TARGET = at = take(at, P);
  MOMENT1 = at = take(at, P);
  MOMENT2 = at = take(at, P);
  GRAD = at = take(at, P);
  STATES = at = take(at, P);
  NEXT_STATES = at = take(at, maxBatch * I);
  ACTIONS = at = take(at, maxBatch * I);
  REWARDS = at = take(at, maxBatch);
  DONES = at = take(at, maxBatch);
  Y = at = take(at, maxBatch);
  BEST = at = take(at, maxBatch);
  H1_OUT = at = take(at, maxBatch);
  H2_OUT = at = take(at, maxBatch * H1P);
  Q_OUT = at = take(at, maxBatch * H2P);
  NEXT_H1 = at = take(at, maxBatch * AP);
  NEXT_H2 = at = take(at, maxBatch * H1P);
  NEXT_Q = at = take(at, maxBatch * H2P);
  WEIGHTS = at = take(at, maxBatch * AP);
  TD = at = take(at, maxBatch);
  TRANSPOSED = at = take(at, maxBatch);
  UNITS1 = at = take(at, max(H1P * H2P, H2P * AP));
  UNIT_COUNT1 = at = take(at, maxBatch * H1P);
  UNITS2 = at = take(at, maxBatch);
  UNIT_COUNT2 = at = take(at, maxBatch * H2P);
  return take(at, maxBatch);
}

// Where the host reads and writes.
export function onlineAt(): usize {
  return ONLINE;
}
export function targetAt(): usize {
  return TARGET;
}
export function moment1At(): usize {
  return MOMENT1;
}
export function moment2At(): usize {
  return MOMENT2;
}
export function statesAt(): usize {
  return STATES;
}
export function nextStatesAt(): usize {
  return NEXT_STATES;
}
export function actionsAt(): usize {
  return ACTIONS;
}
export function rewardsAt(): usize {
  return REWARDS;
}
export function donesAt(): usize {
  return DONES;
}
export function weightsAt(): usize {
  return WEIGHTS;
}
export function tdAt(): usize {
  return TD;
}
export function hidden1At(): usize {
  return H1_OUT;
}
export function hidden2At(): usize {
  return H2_OUT;
}
export function qAt(): usize {
  return Q_OUT;
}
export function parameterCount(): i32 {
  return P;
}
export function lastMeanMaxQ(): f32 {
  return meanMaxQ;
}

// ---------------------------------------------------------------------------------------------------------
// Dense algebra on row-major float arrays. `cols` is always a padded width (a multiple of 4).

function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/** out[b, :] = act(x[b, :rows]·W + bias) for b < n; x has `stride` floats a row. */
function dense(
  x: usize,
  stride: i32,
  n: i32,
  w: usize,
  bias: usize,
  rows: i32,
  cols: i32,
  out: usize,
  relu: bool,
): void {
  let b = 0;
  if (ASC_FEATURE_SIMD) {
    // A narrow layer (the output layer) has too few columns to keep the adder busy with two samples'
    // sums: four at a time.
    if (cols < 16) {
      for (; b + 4 <= n; b += 4) {
        denseQuad(
          x + <usize>(b * stride) * 4,
          stride,
          w,
          bias,
          rows,
          cols,
          out + <usize>(b * cols) * 4,
          relu,
        );
      }
    }
    // Two samples at a time, so that each load of W serves both.
    for (; b + 2 <= n; b += 2) {
      densePair(x + <usize>(b * stride) * 4, stride, w, bias, rows, cols, out + <usize>(b * cols) * 4, relu);
    }
  }
  for (; b < n; b++) {
    const xRow = x + <usize>(b * stride) * 4;
    const outRow = out + <usize>(b * cols) * 4;
    let j = 0;
    if (ASC_FEATURE_SIMD) {
      // Four accumulators (16 columns) per pass over the rows.
      for (; j + 16 <= cols; j += 16) {
        let a0 = v128.load(bias + <usize>j * 4);
        let a1 = v128.load(bias + <usize>j * 4, 16);
        let a2 = v128.load(bias + <usize>j * 4, 32);
        let a3 = v128.load(bias + <usize>j * 4, 48);
        let wp = w + <usize>j * 4;
        for (let i = 0; i < rows; i++) {
          const xi = v128.load32_splat(xRow + <usize>i * 4);
          a0 = madd(xi, v128.load(wp), a0);
          a1 = madd(xi, v128.load(wp, 16), a1);
          a2 = madd(xi, v128.load(wp, 32), a2);
          a3 = madd(xi, v128.load(wp, 48), a3);
          wp += <usize>cols * 4;
        }
        if (relu) {
          const zero = f32x4.splat(0);
          a0 = f32x4.max(a0, zero);
          a1 = f32x4.max(a1, zero);
          a2 = f32x4.max(a2, zero);
          a3 = f32x4.max(a3, zero);
        }
        const o = outRow + <usize>j * 4;
        v128.store(o, a0);
        v128.store(o, a1, 16);
        v128.store(o, a2, 32);
        v128.store(o, a3, 48);
      }
      for (; j < cols; j += 4) {
        let a0 = v128.load(bias + <usize>j * 4);
        let wp = w + <usize>j * 4;
        for (let i = 0; i < rows; i++) {
          a0 = madd(v128.load32_splat(xRow + <usize>i * 4), v128.load(wp), a0);
          wp += <usize>cols * 4;
        }
        if (relu) a0 = f32x4.max(a0, f32x4.splat(0));
        v128.store(outRow + <usize>j * 4, a0);
      }
    } else {
      for (; j < cols; j++) {
        let acc = load<f32>(bias + <usize>j * 4);
        let wp = w + <usize>j * 4;
        for (let i = 0; i < rows; i++) {
          acc += load<f32>(xRow + <usize>i * 4) * load<f32>(wp);
          wp += <usize>cols * 4;
        }
        store<f32>(outRow + <usize>j * 4, relu && acc < 0 ? 0 : acc);
      }
    }
  }
}

/** `dense` for two consecutive samples (SIMD builds): 16 columns of both per pass over the rows. */
function densePair(
  x: usize,
  stride: i32,
  w: usize,
  bias: usize,
  rows: i32,
  cols: i32,
  out: usize,
  relu: bool,
): void {
  const x2 = x + <usize>stride * 4;
  const out2 = out + <usize>cols * 4;
  const zero = f32x4.splat(0);
  let j = 0;
  for (; j + 16 <= cols; j += 16) {
    const bp = bias + <usize>j * 4;
    let a0 = v128.load(bp);
    let a1 = v128.load(bp, 16);
    let a2 = v128.load(bp, 32);
    let a3 = v128.load(bp, 48);
    let c0 = a0;
    let c1 = a1;
    let c2 = a2;
    let c3 = a3;
    let wp = w + <usize>j * 4;
    for (let i = 0; i < rows; i++) {
      const xi = v128.load32_splat(x + <usize>i * 4);
      const yi = v128.load32_splat(x2 + <usize>i * 4);
      const w0 = v128.load(wp);
      const w1 = v128.load(wp, 16);
      const w2 = v128.load(wp, 32);
      const w3 = v128.load(wp, 48);
      a0 = madd(xi, w0, a0);
      a1 = madd(xi, w1, a1);
      a2 = madd(xi, w2, a2);
      a3 = madd(xi, w3, a3);
      c0 = madd(yi, w0, c0);
      c1 = madd(yi, w1, c1);
      c2 = madd(yi, w2, c2);
      c3 = madd(yi, w3, c3);
      wp += <usize>cols * 4;
    }
    if (relu) {
      a0 = f32x4.max(a0, zero);
      a1 = f32x4.max(a1, zero);
      a2 = f32x4.max(a2, zero);
      a3 = f32x4.max(a3, zero);
      c0 = f32x4.max(c0, zero);
      c1 = f32x4.max(c1, zero);
      c2 = f32x4.max(c2, zero);
      c3 = f32x4.max(c3, zero);
    }
    const o = out + <usize>j * 4;
    v128.store(o, a0);
    v128.store(o, a1, 16);
    v128.store(o, a2, 32);
    v128.store(o, a3, 48);
    const o2 = out2 + <usize>j * 4;
    v128.store(o2, c0);
    v128.store(o2, c1, 16);
    v128.store(o2, c2, 32);
    v128.store(o2, c3, 48);
  }
  for (; j < cols; j += 4) {
    let a0 = v128.load(bias + <usize>j * 4);
    let c0 = a0;
    let wp = w + <usize>j * 4;
    for (let i = 0; i < rows; i++) {
      const w0 = v128.load(wp);
      a0 = madd(v128.load32_splat(x + <usize>i * 4), w0, a0);
      c0 = madd(v128.load32_splat(x2 + <usize>i * 4), w0, c0);
      wp += <usize>cols * 4;
    }
    if (relu) {
      a0 = f32x4.max(a0, zero);
      c0 = f32x4.max(c0, zero);
    }
    v128.store(out + <usize>j * 4, a0);
    v128.store(out2 + <usize>j * 4, c0);
  }
}

/** `dense` for four consecutive samples (SIMD builds), one vector of columns at a time. */
function denseQuad(
  x: usize,
  stride: i32,
  w: usize,
  bias: usize,
  rows: i32,
  cols: i32,
  out: usize,
  relu: bool,
): void {
  const step = <usize>stride * 4;
  const outStep = <usize>cols * 4;
  for (let j = 0; j < cols; j += 4) {
    let a0 = v128.load(bias + <usize>j * 4);
    let a1 = a0;
    let a2 = a0;
    let a3 = a0;
    let wp = w + <usize>j * 4;
    let xp = x;
    for (let i = 0; i < rows; i++) {
      const wv = v128.load(wp);
      a0 = madd(v128.load32_splat(xp), wv, a0);
      a1 = madd(v128.load32_splat(xp + step), wv, a1);
      a2 = madd(v128.load32_splat(xp + 2 * step), wv, a2);
      a3 = madd(v128.load32_splat(xp + 3 * step), wv, a3);
      wp += <usize>cols * 4;
      xp += 4;
    }
    if (relu) {
      const zero = f32x4.splat(0);
      a0 = f32x4.max(a0, zero);
      a1 = f32x4.max(a1, zero);
      a2 = f32x4.max(a2, zero);
      a3 = f32x4.max(a3, zero);
    }
    const o = out + <usize>j * 4;
    v128.store(o, a0);
    v128.store(o + outStep, a1);
    v128.store(o + 2 * outStep, a2);
    v128.store(o + 3 * outStep, a3);
  }
}

/**
 * weightGradient (SIMD builds; x rows `rowsP` long, a multiple of 4, zero-padded): four rows at a time over every
 * sample, with two vectors of columns where there are, so that eight sums advance at once and the adder's
 * latency is hidden. A ReLU's zeros add ±0 to sums that start at +0, which changes no bit, and skipping
 * them (the scalar build's lists) measured slower here than doing the work.
 */
function blockWeightGradient(x: usize, rowsP: i32, d: usize, n: i32, cols: i32, dw: usize, db: usize): void {
  const xStep = <usize>rowsP * 4;
  const dStep = <usize>cols * 4;
  for (let i = 0; i < rowsP; i += 4) {
    let j = 0;
    for (; j + 8 <= cols; j += 8) {
      let a0 = f32x4.splat(0);
      let a1 = a0;
      let a2 = a0;
      let a3 = a0;
      let c0 = a0;
      let c1 = a0;
      let c2 = a0;
      let c3 = a0;
      let xp = x + <usize>i * 4;
      let dp = d + <usize>j * 4;
      for (let b = 0; b < n; b++) {
        const dv = v128.load(dp);
        const dv2 = v128.load(dp, 16);
        const x0 = v128.load32_splat(xp);
        const x1 = v128.load32_splat(xp, 4);
        const x2 = v128.load32_splat(xp, 8);
        const x3 = v128.load32_splat(xp, 12);
        a0 = madd(x0, dv, a0);
        a1 = madd(x1, dv, a1);
        a2 = madd(x2, dv, a2);
        a3 = madd(x3, dv, a3);
        c0 = madd(x0, dv2, c0);
        c1 = madd(x1, dv2, c1);
        c2 = madd(x2, dv2, c2);
        c3 = madd(x3, dv2, c3);
        xp += xStep;
        dp += dStep;
      }
      const o = dw + <usize>(i * cols + j) * 4;
      v128.store(o, a0);
      v128.store(o + dStep, a1);
      v128.store(o + 2 * dStep, a2);
      v128.store(o + 3 * dStep, a3);
      v128.store(o, c0, 16);
      v128.store(o + dStep, c1, 16);
      v128.store(o + 2 * dStep, c2, 16);
      v128.store(o + 3 * dStep, c3, 16);
    }
    for (; j < cols; j += 4) {
      let a0 = f32x4.splat(0);
      let a1 = a0;
      let a2 = a0;
      let a3 = a0;
      let xp = x + <usize>i * 4;
      let dp = d + <usize>j * 4;
      for (let b = 0; b < n; b++) {
        const dv = v128.load(dp);
        a0 = madd(v128.load32_splat(xp), dv, a0);
        a1 = madd(v128.load32_splat(xp, 4), dv, a1);
        a2 = madd(v128.load32_splat(xp, 8), dv, a2);
        a3 = madd(v128.load32_splat(xp, 12), dv, a3);
        xp += xStep;
        dp += dStep;
      }
      const o = dw + <usize>(i * cols + j) * 4;
      v128.store(o, a0);
      v128.store(o + dStep, a1);
      v128.store(o + 2 * dStep, a2);
      v128.store(o + 3 * dStep, a3);
    }
  }
  biasGradient(d, n, cols, db);
}

/**
 * dW[i, :] = Σ_b x[b, i]·d[b, :] for i < rows and db = Σ_b d[b, :], over b < n in order (x rows `stride`
 * long). The SIMD build keeps each row's sums in registers across the batch and stores them once. The
 * scalar build adds each sample's part into dW, and with an active list (units, counts: from listActive)
 * only for the rows where x is non-zero (a ReLU's output); the terms left out are ±0, which change no sum
 * that starts at +0, so the bits are those of the full sum.
 */
function weightGradient(
  x: usize,
  stride: i32,
  d: usize,
  n: i32,
  rows: i32,
  cols: i32,
  dw: usize,
  db: usize,
  units: usize,
  counts: usize,
): void {
  if (ASC_FEATURE_SIMD) {
    for (let i = 0; i < rows; i++) {
      const xCol = x + <usize>i * 4;
      const wRow = dw + <usize>(i * cols) * 4;
      let j = 0;
      for (; j + 16 <= cols; j += 16) {
        let a0 = f32x4.splat(0);
        let a1 = a0;
        let a2 = a0;
        let a3 = a0;
        for (let b = 0; b < n; b++) {
          const xv = v128.load32_splat(xCol + <usize>(b * stride) * 4);
          const dp = d + <usize>(b * cols + j) * 4;
          a0 = madd(xv, v128.load(dp), a0);
          a1 = madd(xv, v128.load(dp, 16), a1);
          a2 = madd(xv, v128.load(dp, 32), a2);
          a3 = madd(xv, v128.load(dp, 48), a3);
        }
        const o = wRow + <usize>j * 4;
        v128.store(o, a0);
        v128.store(o, a1, 16);
        v128.store(o, a2, 32);
        v128.store(o, a3, 48);
      }
      for (; j < cols; j += 4) {
        let a0 = f32x4.splat(0);
        for (let b = 0; b < n; b++) {
          a0 = madd(
            v128.load32_splat(xCol + <usize>(b * stride) * 4),
            v128.load(d + <usize>(b * cols + j) * 4),
            a0,
          );
        }
        v128.store(wRow + <usize>j * 4, a0);
      }
    }
  } else {
    memory.fill(dw, 0, <usize>(rows * cols) * 4);
    for (let b = 0; b < n; b++) {
      const xRow = x + <usize>(b * stride) * 4;
      const dRow = d + <usize>(b * cols) * 4;
      const listRow = units + <usize>(b * stride) * 4;
      const active = units ? load<i32>(counts + <usize>b * 4) : rows;
      for (let k = 0; k < active; k++) {
        const i = units ? load<i32>(listRow + <usize>k * 4) : k;
        const xi = load<f32>(xRow + <usize>i * 4);
        const wRow = dw + <usize>(i * cols) * 4;
        for (let j = 0; j < cols; j++) {
          const p = wRow + <usize>j * 4;
          store<f32>(p, load<f32>(p) + xi * load<f32>(dRow + <usize>j * 4));
        }
      }
    }
  }
  biasGradient(d, n, cols, db);
}

/** db = Σ_b d[b, :] over b < n, in order. */
function biasGradient(d: usize, n: i32, cols: i32, db: usize): void {
  let j = 0;
  if (ASC_FEATURE_SIMD) {
    for (; j < cols; j += 4) {
      let a0 = f32x4.splat(0);
      let dp = d + <usize>j * 4;
      for (let b = 0; b < n; b++) {
        a0 = f32x4.add(a0, v128.load(dp));
        dp += <usize>cols * 4;
      }
      v128.store(db + <usize>j * 4, a0);
    }
  } else {
    for (; j < cols; j++) {
      let acc: f32 = 0;
      for (let b = 0; b < n; b++) acc += load<f32>(d + <usize>(b * cols + j) * 4);
      store<f32>(db + <usize>j * 4, acc);
    }
  }
}

/** The weight gradient of a layer whose input x [n × rowsP] is a ReLU's output (units, counts: from listActive). */
function hiddenWeightGradient(
  x: usize,
  rowsP: i32,
  rows: i32,
  d: usize,
  n: i32,
  cols: i32,
  dw: usize,
  db: usize,
  units: usize,
  counts: usize,
): void {
  if (ASC_FEATURE_SIMD) {
    blockWeightGradient(x, rowsP, d, n, cols, dw, db);
    return;
  }
  weightGradient(x, rowsP, d, n, rows, cols, dw, db, units, counts);
}

/** wt[j, i] = w[i, j] for w [rows × cols]. */
function transpose(w: usize, rows: i32, cols: i32, wt: usize): void {
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      store<f32>(wt + <usize>(j * rows + i) * 4, load<f32>(w + <usize>(i * cols + j) * 4));
    }
  }
}

/**
 * dh[b, i] = (d[b, :]·W[i, :]) · [h[b, i] > 0]: the gradient flowing back through a dense layer and the ReLU
 * before it (W is [rowsP × cols], h and dh [n × rowsP]). The SIMD build sums each dot product as four
 * partial sums, lane l taking the columns j ≡ l (mod 4) in order, then (s0 + s1) + (s2 + s3), whichever
 * way it is laid out. Through a narrow layer (the output layer) a dot product is one or two vectors, too
 * short to pay for its reduction across lanes: there it goes over W's transpose, four units a vector, the
 * inactive ones masked. Through a wide one it goes over the active units only (units, from listActive),
 * four at a time so that each load of d serves four.
 */
function backThroughRelu(
  d: usize,
  n: i32,
  w: usize,
  rowsP: i32,
  cols: i32,
  h: usize,
  dh: usize,
  wt: usize,
  units: usize,
  counts: usize,
): void {
  if (!ASC_FEATURE_SIMD) backScalar(d, n, w, rowsP, cols, dh, units, counts);
  else if (cols <= 8) backByTranspose(d, n, w, rowsP, cols, h, dh, wt);
  else backByActiveUnits(d, n, w, rowsP, cols, dh, units, counts);
}

/**
 * The indices of the active units (ReLU output > 0) of each of the n rows of h, and their counts; without a
 * branch on the data: a sample's zeros fall at random, and branching on each of them costs a misprediction
 * about half the time.
 */
function listActive(h: usize, n: i32, rows: i32, rowsP: i32, list: usize, counts: usize): void {
  for (let b = 0; b < n; b++) {
    const hRow = h + <usize>(b * rowsP) * 4;
    const listRow = list + <usize>(b * rowsP) * 4;
    let c = 0;
    for (let i = 0; i < rows; i++) {
      store<i32>(listRow + <usize>c * 4, i);
      c += <i32>(load<f32>(hRow + <usize>i * 4) > 0);
    }
    store<i32>(counts + <usize>b * 4, c);
  }
}

/** The four lanes' partial sums of a dot product, added as (s0 + s1) + (s2 + s3). */
function lanes(acc: v128): f32 {
  return (
    f32x4.extract_lane(acc, 0) +
    f32x4.extract_lane(acc, 1) +
    (f32x4.extract_lane(acc, 2) + f32x4.extract_lane(acc, 3))
  );
}

function backByActiveUnits(
  d: usize,
  n: i32,
  w: usize,
  rowsP: i32,
  cols: i32,
  dh: usize,
  units: usize,
  counts: usize,
): void {
  memory.fill(dh, 0, <usize>(n * rowsP) * 4);
  const zero = f32x4.splat(0);
  for (let b = 0; b < n; b++) {
    const dRow = d + <usize>(b * cols) * 4;
    const outRow = dh + <usize>(b * rowsP) * 4;
    const listRow = units + <usize>(b * rowsP) * 4;
    const active = load<i32>(counts + <usize>b * 4);
    let k = 0;
    for (; k + 4 <= active; k += 4) {
      const i0 = load<i32>(listRow + <usize>k * 4);
      const i1 = load<i32>(listRow + <usize>k * 4, 4);
      const i2 = load<i32>(listRow + <usize>k * 4, 8);
      const i3 = load<i32>(listRow + <usize>k * 4, 12);
      const r0 = w + <usize>(i0 * cols) * 4;
      const r1 = w + <usize>(i1 * cols) * 4;
      const r2 = w + <usize>(i2 * cols) * 4;
      const r3 = w + <usize>(i3 * cols) * 4;
      let a0 = zero;
      let a1 = zero;
      let a2 = zero;
      let a3 = zero;
      for (let j = 0; j < cols; j += 4) {
        const at = <usize>j * 4;
        const dv = v128.load(dRow + at);
        a0 = madd(dv, v128.load(r0 + at), a0);
        a1 = madd(dv, v128.load(r1 + at), a1);
        a2 = madd(dv, v128.load(r2 + at), a2);
        a3 = madd(dv, v128.load(r3 + at), a3);
      }
      store<f32>(outRow + <usize>i0 * 4, lanes(a0));
      store<f32>(outRow + <usize>i1 * 4, lanes(a1));
      store<f32>(outRow + <usize>i2 * 4, lanes(a2));
      store<f32>(outRow + <usize>i3 * 4, lanes(a3));
    }
    for (; k < active; k++) {
      const i = load<i32>(listRow + <usize>k * 4);
      const r = w + <usize>(i * cols) * 4;
      let a0 = zero;
      for (let j = 0; j < cols; j += 4) {
        a0 = madd(v128.load(dRow + <usize>j * 4), v128.load(r + <usize>j * 4), a0);
      }
      store<f32>(outRow + <usize>i * 4, lanes(a0));
    }
  }
}

/** backThroughRelu over W's transpose, two samples at a time so that each load of wt serves both. */
function backByTranspose(
  d: usize,
  n: i32,
  w: usize,
  rowsP: i32,
  cols: i32,
  h: usize,
  dh: usize,
  wt: usize,
): void {
  transpose(w, rowsP, cols, wt);
  const zero = f32x4.splat(0);
  const step = <usize>rowsP * 4;
  let b = 0;
  for (; b + 2 <= n; b += 2) {
    const dRow = d + <usize>(b * cols) * 4;
    const dRow2 = dRow + <usize>cols * 4;
    const hRow = h + <usize>(b * rowsP) * 4;
    const outRow = dh + <usize>(b * rowsP) * 4;
    for (let i = 0; i < rowsP; i += 4) {
      let p0 = zero;
      let p1 = zero;
      let p2 = zero;
      let p3 = zero;
      let q0 = zero;
      let q1 = zero;
      let q2 = zero;
      let q3 = zero;
      let wp = wt + <usize>i * 4;
      for (let j = 0; j < cols; j += 4) {
        const dp = dRow + <usize>j * 4;
        const dp2 = dRow2 + <usize>j * 4;
        const w0 = v128.load(wp);
        const w1 = v128.load(wp + step);
        const w2 = v128.load(wp + 2 * step);
        const w3 = v128.load(wp + 3 * step);
        p0 = madd(v128.load32_splat(dp), w0, p0);
        p1 = madd(v128.load32_splat(dp, 4), w1, p1);
        p2 = madd(v128.load32_splat(dp, 8), w2, p2);
        p3 = madd(v128.load32_splat(dp, 12), w3, p3);
        q0 = madd(v128.load32_splat(dp2), w0, q0);
        q1 = madd(v128.load32_splat(dp2, 4), w1, q1);
        q2 = madd(v128.load32_splat(dp2, 8), w2, q2);
        q3 = madd(v128.load32_splat(dp2, 12), w3, q3);
        wp += 4 * step;
      }
      const at = <usize>i * 4;
      const sum = f32x4.add(f32x4.add(p0, p1), f32x4.add(p2, p3));
      const sum2 = f32x4.add(f32x4.add(q0, q1), f32x4.add(q2, q3));
      v128.store(outRow + at, v128.and(sum, f32x4.gt(v128.load(hRow + at), zero)));
      v128.store(outRow + step + at, v128.and(sum2, f32x4.gt(v128.load(hRow + step + at), zero)));
    }
  }
  for (; b < n; b++) {
    const dRow = d + <usize>(b * cols) * 4;
    const hRow = h + <usize>(b * rowsP) * 4;
    const outRow = dh + <usize>(b * rowsP) * 4;
    for (let i = 0; i < rowsP; i += 4) {
      let p0 = zero;
      let p1 = zero;
      let p2 = zero;
      let p3 = zero;
      let wp = wt + <usize>i * 4;
      for (let j = 0; j < cols; j += 4) {
        const dp = dRow + <usize>j * 4;
        p0 = madd(v128.load32_splat(dp), v128.load(wp), p0);
        p1 = madd(v128.load32_splat(dp, 4), v128.load(wp + step), p1);
        p2 = madd(v128.load32_splat(dp, 8), v128.load(wp + 2 * step), p2);
        p3 = madd(v128.load32_splat(dp, 12), v128.load(wp + 3 * step), p3);
        wp += 4 * step;
      }
      const at = <usize>i * 4;
      const sum = f32x4.add(f32x4.add(p0, p1), f32x4.add(p2, p3));
      v128.store(outRow + at, v128.and(sum, f32x4.gt(v128.load(hRow + at), zero)));
    }
  }
}

/** backThroughRelu without SIMD: each active unit's dot product (units, from listActive) summed in order. */
function backScalar(
  d: usize,
  n: i32,
  w: usize,
  rowsP: i32,
  cols: i32,
  dh: usize,
  units: usize,
  counts: usize,
): void {
  memory.fill(dh, 0, <usize>(n * rowsP) * 4);
  for (let b = 0; b < n; b++) {
    const dRow = d + <usize>(b * cols) * 4;
    const listRow = units + <usize>(b * rowsP) * 4;
    const active = load<i32>(counts + <usize>b * 4);
    for (let k = 0; k < active; k++) {
      const i = load<i32>(listRow + <usize>k * 4);
      const wRow = w + <usize>(i * cols) * 4;
      let sum: f32 = 0;
      for (let j = 0; j < cols; j++) sum += load<f32>(dRow + <usize>j * 4) * load<f32>(wRow + <usize>j * 4);
      store<f32>(dh + <usize>(b * rowsP + i) * 4, sum);
    }
  }
}

/** Q-values of `n` states at `x` through the network whose parameters start at `net`. */
function forwardNet(net: usize, x: usize, n: i32, h1: usize, h2: usize, q: usize): void {
  dense(x, I, n, net + W1, net + B1, I, H1P, h1, true);
  dense(h1, H1P, n, net + W2, net + B2, H1, H2P, h2, true);
  dense(h2, H2P, n, net + W3, net + B3, H2, AP, q, false);
  if (DUELING) combineDueling(q, n);
}

/** Q = A − mean A + V in place on each row (V, the last unit, is then zeroed: it is not a Q-value). */
function combineDueling(q: usize, n: i32): void {
  for (let b = 0; b < n; b++) {
    const row = q + <usize>(b * AP) * 4;
    let sum: f32 = 0;
    for (let a = 0; a < QA; a++) sum += load<f32>(row + <usize>a * 4);
    const shift = load<f32>(row + <usize>QA * 4) - sum / <f32>QA;
    for (let a = 0; a < QA; a++) store<f32>(row + <usize>a * 4, load<f32>(row + <usize>a * 4) + shift);
    store<f32>(row + <usize>QA * 4, 0);
  }
}

function argmaxRow(q: usize): i32 {
  let best = 0;
  let value = load<f32>(q);
  for (let a = 1; a < QA; a++) {
    const v = load<f32>(q + <usize>a * 4);
    if (v > value) {
      value = v;
      best = a;
    }
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------
// The exported passes.

/** Q-values of the `n` states at statesAt() through the online (0) or target (1) network, into qAt(). */
export function forward(n: i32, network: i32): void {
  forwardNet(network == 0 ? ONLINE : TARGET, STATES, n, H1_OUT, H2_OUT, Q_OUT);
}

/**
 * One learning step on the batch of `n` transitions the host wrote; returns the loss (the mean max Q over
 * the batch is then `lastMeanMaxQ()`). `c1` and `c2` are Adam's bias corrections 1 − β1ᵗ and 1 − β2ᵗ, and
 * every constant arrives in f64 so that none is rounded to f32 before it is formed (1 − β2 in f32 is off
 * by 1e-5). With `weighted`, each sample's loss is scaled by its weight at weightsAt() (prioritized
 * replay's importance weights); the TD errors Q(s, a) − y are written to tdAt() either way.
 */
export function learn(
  n: i32,
  gamma: f64,
  learningRate: f64,
  beta1: f64,
  beta2: f64,
  epsilon: f64,
  c1: f64,
  c2: f64,
  doubleDqn: bool,
  huber: bool,
  gradClipNorm: f64,
  weighted: bool,
): f32 {
  // 1. Bellman targets, from the pass on s' (no gradient flows through them).
  if (doubleDqn) {
    forwardNet(ONLINE, NEXT_STATES, n, NEXT_H1, NEXT_H2, NEXT_Q);
    for (let b = 0; b < n; b++) store<i32>(BEST + <usize>b * 4, argmaxRow(NEXT_Q + <usize>(b * AP) * 4));
  }
  forwardNet(TARGET, NEXT_STATES, n, NEXT_H1, NEXT_H2, NEXT_Q);
  const g = <f32>gamma;
  for (let b = 0; b < n; b++) {
    const row = NEXT_Q + <usize>(b * AP) * 4;
    const next = doubleDqn
      ? load<f32>(row + <usize>load<i32>(BEST + <usize>b * 4) * 4)
      : load<f32>(row + <usize>argmaxRow(row) * 4);
    const notDone: f32 = 1 - load<f32>(DONES + <usize>b * 4);
    store<f32>(Y + <usize>b * 4, load<f32>(REWARDS + <usize>b * 4) + notDone * g * next);
  }

  // 2. The online pass on s, kept for the backward; the loss; dL/dQ, non-zero only at the action taken.
  forwardNet(ONLINE, STATES, n, H1_OUT, H2_OUT, Q_OUT);
  const dq = NEXT_Q;
  memory.fill(dq, 0, <usize>(n * AP) * 4);
  let lossSum: f64 = 0;
  let maxQSum: f64 = 0;
  const perSample: f32 = <f32>(1.0 / <f64>n);
  for (let b = 0; b < n; b++) {
    const row = Q_OUT + <usize>(b * AP) * 4;
    maxQSum += load<f32>(row + <usize>argmaxRow(row) * 4);
    const a = load<i32>(ACTIONS + <usize>b * 4);
    const diff: f32 = load<f32>(row + <usize>a * 4) - load<f32>(Y + <usize>b * 4);
    store<f32>(TD + <usize>b * 4, diff);
    const w: f32 = weighted ? load<f32>(WEIGHTS + <usize>b * 4) : 1;
    let d: f32;
    if (huber) {
      const size = abs(diff);
      const quadratic = min(size, <f32>1);
      lossSum += <f64>w * (0.5 * <f64>quadratic * <f64>quadratic + <f64>(size - quadratic));
      d = max(<f32>-1, min(<f32>1, diff)) * perSample;
    } else {
      lossSum += <f64>w * <f64>diff * <f64>diff;
      d = 2 * diff * perSample;
    }
    if (weighted) d *= w;
    if (DUELING) {
      // dL/d(out) through Q = out − mean out + V: (δ_ka − 1/QA)·d for the advantages, d for V.
      const rowAt = dq + <usize>(b * AP) * 4;
      const spread: f32 = -d / <f32>QA;
      for (let k = 0; k < QA; k++) store<f32>(rowAt + <usize>k * 4, spread);
      store<f32>(rowAt + <usize>a * 4, d + spread);
      store<f32>(rowAt + <usize>QA * 4, d);
    } else {
      store<f32>(dq + <usize>(b * AP + a) * 4, d);
    }
  }
  meanMaxQ = <f32>(maxQSum / <f64>n);

  // 3. Backward through the three layers, the work arrays of the s' pass holding the deltas.
  const dh2 = NEXT_H2;
  const dh1 = NEXT_H1;
  listActive(H1_OUT, n, H1, H1P, UNITS1, UNIT_COUNT1);
  if (!ASC_FEATURE_SIMD) listActive(H2_OUT, n, H2, H2P, UNITS2, UNIT_COUNT2);
  hiddenWeightGradient(H2_OUT, H2P, H2, dq, n, AP, GRAD + W3, GRAD + B3, UNITS2, UNIT_COUNT2);
  backThroughRelu(dq, n, ONLINE + W3, H2P, AP, H2_OUT, dh2, TRANSPOSED, UNITS2, UNIT_COUNT2);
  hiddenWeightGradient(H1_OUT, H1P, H1, dh2, n, H2P, GRAD + W2, GRAD + B2, UNITS1, UNIT_COUNT1);
  backThroughRelu(dh2, n, ONLINE + W2, H1P, H2P, H1_OUT, dh1, TRANSPOSED, UNITS1, UNIT_COUNT1);
  // The states are not padded: the four-row blocks fit only when the inputs are a multiple of 4.
  if (ASC_FEATURE_SIMD && I % 4 == 0) blockWeightGradient(STATES, I, dh1, n, H1P, GRAD + W1, GRAD + B1);
  else weightGradient(STATES, I, dh1, n, I, H1P, GRAD + W1, GRAD + B1, 0, 0);
  // The rows of W2 and W3 past the real widths get no gradient above; keep them 0.
  memory.fill(GRAD + W2 + <usize>(H1 * H2P) * 4, 0, <usize>((H1P - H1) * H2P) * 4);
  memory.fill(GRAD + W3 + <usize>(H2 * AP) * 4, 0, <usize>((H2P - H2) * AP) * 4);

  // 4. Gradient clipping by the global norm.
  let scale: f32 = 1;
  if (gradClipNorm > 0) {
    let sq: f64 = 0;
    for (let k = 0; k < P; k++) {
      const v = load<f32>(GRAD + <usize>k * 4);
      sq += <f64>v * <f64>v;
    }
    const norm = Math.sqrt(sq);
    if (norm > gradClipNorm) scale = <f32>(gradClipNorm / max(norm, 1e-12));
  }

  // 5. Adam, as tfjs computes it (ε added to the bias-corrected √v).
  adam(
    scale,
    <f32>beta1,
    <f32>(1.0 - beta1),
    <f32>beta2,
    <f32>(1.0 - beta2),
    <f32>epsilon,
    <f32>c1,
    <f32>c2,
    <f32>learningRate,
  );
  return <f32>(lossSum / <f64>n);
}

function adam(
  scale: f32,
  b1: f32,
  oneMinusB1: f32,
  b2: f32,
  oneMinusB2: f32,
  eps: f32,
  c1: f32,
  c2: f32,
  lr: f32,
): void {
  if (ASC_FEATURE_SIMD) {
    // A bias correction that has reached 1 in f32 (1 − β1ᵗ at step 165, 1 − β2ᵗ at 17,321) divides
    // by 1, which changes no bit; the divider is Adam's bottleneck, so those divisions are left out.
    if (c1 != 1) {
      if (c2 != 1) adamSimd<f32, f32>(scale, b1, oneMinusB1, b2, oneMinusB2, eps, c1, c2, lr);
      else adamSimd<f32, void>(scale, b1, oneMinusB1, b2, oneMinusB2, eps, c1, c2, lr);
    } else if (c2 != 1) adamSimd<void, f32>(scale, b1, oneMinusB1, b2, oneMinusB2, eps, c1, c2, lr);
    else adamSimd<void, void>(scale, b1, oneMinusB1, b2, oneMinusB2, eps, c1, c2, lr);
    return;
  }
  for (let k = 0; k < P; k++) {
    const at = <usize>k * 4;
    const grad = load<f32>(GRAD + at) * scale;
    let m = load<f32>(MOMENT1 + at) * b1 + grad * oneMinusB1;
    let v = load<f32>(MOMENT2 + at) * b2 + grad * grad * oneMinusB2;
    if (abs(m) < SMALLEST_NORMAL) m = 0;
    if (v < SMALLEST_NORMAL) v = 0;
    store<f32>(MOMENT1 + at, m);
    store<f32>(MOMENT2 + at, v);
    const step = m / c1 / (sqrt(v / c2) + eps);
    store<f32>(ONLINE + at, load<f32>(ONLINE + at) - step * lr);
  }
}

/**
 * Adam's SIMD loop, compiled once for each pair of bias corrections it applies: C1 and C2 are f32 where it
 * divides by c1 or c2, void where that correction has reached 1 and is left out (a branch inside the loop
 * would become a select, which divides anyway).
 */
function adamSimd<C1, C2>(
  scale: f32,
  b1: f32,
  oneMinusB1: f32,
  b2: f32,
  oneMinusB2: f32,
  eps: f32,
  c1: f32,
  c2: f32,
  lr: f32,
): void {
  const vScale = f32x4.splat(scale);
  const vB1 = f32x4.splat(b1);
  const v1B1 = f32x4.splat(oneMinusB1);
  const vB2 = f32x4.splat(b2);
  const v1B2 = f32x4.splat(oneMinusB2);
  const vEps = f32x4.splat(eps);
  const vC1 = f32x4.splat(c1);
  const vC2 = f32x4.splat(c2);
  const vLr = f32x4.splat(lr);
  const tiny = f32x4.splat(SMALLEST_NORMAL);
  for (let k = 0; k < P; k += 4) {
    const at = <usize>k * 4;
    const grad = f32x4.mul(v128.load(GRAD + at), vScale);
    let m = f32x4.add(f32x4.mul(v128.load(MOMENT1 + at), vB1), f32x4.mul(grad, v1B1));
    let v = f32x4.add(f32x4.mul(v128.load(MOMENT2 + at), vB2), f32x4.mul(f32x4.mul(grad, grad), v1B2));
    m = v128.andnot(m, f32x4.lt(f32x4.abs(m), tiny));
    v = v128.andnot(v, f32x4.lt(v, tiny));
    v128.store(MOMENT1 + at, m);
    v128.store(MOMENT2 + at, v);
    const mHat = isVoid<C1>() ? m : f32x4.div(m, vC1);
    const vHat = isVoid<C2>() ? v : f32x4.div(v, vC2);
    const step = f32x4.div(mHat, f32x4.add(f32x4.sqrt(vHat), vEps));
    v128.store(ONLINE + at, f32x4.sub(v128.load(ONLINE + at), f32x4.mul(step, vLr)));
  }
}

/** Q̂ ← Q̂ + τ·(Q − Q̂); τ = 1 copies exactly. */
export function updateTarget(tau: f64): void {
  if (tau == 1) {
    memory.copy(TARGET, ONLINE, <usize>P * 4);
    return;
  }
  const t = <f32>tau;
  let k = 0;
  if (ASC_FEATURE_SIMD) {
    const vt = f32x4.splat(t);
    for (; k < P; k += 4) {
      const at = <usize>k * 4;
      const target = v128.load(TARGET + at);
      v128.store(TARGET + at, madd(f32x4.sub(v128.load(ONLINE + at), target), vt, target));
    }
  } else {
    for (; k < P; k++) {
      const at = <usize>k * 4;
      const target = load<f32>(TARGET + at);
      store<f32>(TARGET + at, target + (load<f32>(ONLINE + at) - target) * t);
    }
  }
}
