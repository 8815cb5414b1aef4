/**
 * The DQN update in plain float64 JavaScript, written straight from the formulas, for checking the engines
 * against something that shares none of their code or rounding. A dueling head is the last layer's extra
 * unit V with Q(s, a) = out(s, a) − mean out(s, ·) + V(s); n-step returns bootstrap with γⁿ; importance
 * weights scale each sample's loss.
 */
import { ADAM } from '../../../src/agent/learner';
import type { LearningSettings, SavedLearner } from '../../../src/agent/learner';
import type { NetworkShape } from '../../../src/agent/networkShape';
import type { Batch } from '../../../src/agent/replayBuffer';

interface Dense {
  w: Float64Array; // [rows × cols]
  b: Float64Array;
  rows: number;
  cols: number;
}

export class Reference64 {
  online: Dense[];
  target: Dense[];
  m: Float64Array;
  v: Float64Array;
  steps = 0;
  updates = 0;

  constructor(
    readonly shape: NetworkShape,
    saved: SavedLearner,
  ) {
    this.online = unflatten(shape, saved.online);
    this.target = unflatten(shape, saved.target);
    this.m = Float64Array.from(saved.firstMoment);
    this.v = Float64Array.from(saved.secondMoment);
    this.steps = saved.adamSteps;
  }

  learn(batch: Batch, s: LearningSettings): { loss: number; meanMaxQ: number; tdErrors: number[] } {
    const { inputs, actions, dueling } = this.shape;
    const n = batch.size;
    const discount = s.gamma ** s.nStep;
    const tdErrors: number[] = [];
    /** Q from the last layer's outputs. */
    const qOf = (out: number[]) => {
      if (!dueling) return out;
      const mean = out.slice(0, actions).reduce((a, b) => a + b, 0) / actions;
      return out.slice(0, actions).map((x) => x - mean + out[actions]);
    };
    const row = (a: ArrayLike<number>, i: number) =>
      Array.from({ length: inputs }, (_, k) => a[i * inputs + k]);
    let lossSum = 0;
    let maxQSum = 0;
    const grads = this.online.map((l) => ({
      w: new Float64Array(l.w.length),
      b: new Float64Array(l.b.length),
    }));
    for (let i = 0; i < n; i++) {
      const next = row(batch.nextStates, i);
      const qNextTarget = qOf(forward(this.target, next).at(-1)!);
      const best = s.doubleDqn ? argmax(qOf(forward(this.online, next).at(-1)!)) : argmax(qNextTarget);
      const y = batch.rewards[i] + discount * (1 - batch.dones[i]) * qNextTarget[best];

      const acts = forward(this.online, row(batch.states, i));
      const q = qOf(acts.at(-1)!);
      maxQSum += Math.max(...q);
      const a = batch.actions[i];
      const diff = q[a] - y;
      tdErrors.push(diff);
      const w = batch.weights ? batch.weights[i] : 1;
      let d: number;
      if (s.loss === 'huber') {
        const quadratic = Math.min(Math.abs(diff), 1);
        lossSum += w * (0.5 * quadratic * quadratic + (Math.abs(diff) - quadratic));
        d = (w * Math.max(-1, Math.min(1, diff))) / n;
      } else {
        lossSum += w * diff * diff;
        d = (w * 2 * diff) / n;
      }
      // Backward: delta at the output (through the dueling combination: ∂Q(a)/∂out(k) = [k = a] − 1/actions,
      // ∂Q(a)/∂V = 1), then through each layer and the ReLU before it.
      let delta: number[] = dueling
        ? Array.from({ length: actions + 1 }, (_, k) =>
            k === actions ? d : ((k === a ? 1 : 0) - 1 / actions) * d,
          )
        : Array.from({ length: actions }, (_, k) => (k === a ? d : 0));
      for (let l = 2; l >= 0; l--) {
        const input = acts[l];
        const layer = this.online[l];
        for (let r = 0; r < layer.rows; r++)
          for (let c = 0; c < layer.cols; c++) grads[l].w[r * layer.cols + c] += input[r] * delta[c];
        for (let c = 0; c < layer.cols; c++) grads[l].b[c] += delta[c];
        if (l > 0) {
          delta = Array.from({ length: layer.rows }, (_, r) => {
            if (input[r] <= 0) return 0;
            let sum = 0;
            for (let c = 0; c < layer.cols; c++) sum += delta[c] * layer.w[r * layer.cols + c];
            return sum;
          });
        }
      }
    }
    const g = Float64Array.from(grads.flatMap((l) => [...l.w, ...l.b]));
    if (s.gradClipNorm > 0) {
      const norm = Math.sqrt(g.reduce((acc, x) => acc + x * x, 0));
      const scale = Math.min(1, s.gradClipNorm / Math.max(norm, 1e-12));
      for (let k = 0; k < g.length; k++) g[k] *= scale;
    }
    this.steps++;
    const { beta1, beta2, epsilon } = ADAM;
    const w = flatten(this.online);
    for (let k = 0; k < g.length; k++) {
      this.m[k] = beta1 * this.m[k] + (1 - beta1) * g[k];
      this.v[k] = beta2 * this.v[k] + (1 - beta2) * g[k] * g[k];
      const mHat = this.m[k] / (1 - beta1 ** this.steps);
      const vHat = this.v[k] / (1 - beta2 ** this.steps);
      w[k] -= (s.learningRate * mHat) / (Math.sqrt(vHat) + epsilon);
    }
    this.online = unflatten(this.shape, w);
    this.updates++;
    const tau = s.hardTargetEvery > 0 ? (this.updates % s.hardTargetEvery === 0 ? 1 : 0) : s.tau;
    const t = flatten(this.target);
    for (let k = 0; k < t.length; k++) t[k] += tau * (w[k] - t[k]);
    this.target = unflatten(this.shape, t);
    return { loss: lossSum / n, meanMaxQ: maxQSum / n, tdErrors };
  }

  weights(network: 'online' | 'target'): Float64Array {
    return flatten(network === 'online' ? this.online : this.target);
  }
}

/** [input, h1, h2, Q] of one state. */
function forward(net: Dense[], x: number[]): number[][] {
  const out = [x];
  net.forEach((layer, l) => {
    const input = out[l];
    const y = Array.from(layer.b);
    for (let r = 0; r < layer.rows; r++)
      for (let c = 0; c < layer.cols; c++) y[c] += input[r] * layer.w[r * layer.cols + c];
    out.push(l < 2 ? y.map((v) => Math.max(0, v)) : y);
  });
  return out;
}

function argmax(v: number[]): number {
  return v.indexOf(Math.max(...v));
}

function unflatten(
  { inputs, hidden1, hidden2, actions, dueling }: NetworkShape,
  flat: ArrayLike<number>,
): Dense[] {
  const widths = [inputs, hidden1, hidden2, dueling ? actions + 1 : actions];
  let at = 0;
  return [0, 1, 2].map((l) => {
    const rows = widths[l];
    const cols = widths[l + 1];
    const w = Float64Array.from({ length: rows * cols }, (_, k) => flat[at + k]);
    at += rows * cols;
    const b = Float64Array.from({ length: cols }, (_, k) => flat[at + k]);
    at += cols;
    return { w, b, rows, cols };
  });
}

function flatten(net: Dense[]): Float64Array {
  return Float64Array.from(net.flatMap((l) => [...l.w, ...l.b]));
}
