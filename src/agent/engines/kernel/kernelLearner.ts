/**
 * The learning engine that runs the whole DQN update as one WebAssembly call (update.ts, compiled by
 * AssemblyScript): about a tenth of the time of the tfjs engines, whose update is ~40 ops of a few µs of
 * dispatch each. Each learner has its own instance and memory, laid out once for its shape and the largest
 * batch its maker says it will learn on; the memory never grows afterwards, so the views on it stay valid.
 *
 * Inside, every width is padded to a multiple of 4 (the SIMD width); this side packs and unpacks the Layers
 * order when weights or state go in or out.
 */
import { ADAM, checkSaved } from '../../learner';
import { outputUnits, parameterCount } from '../../networkShape';
import type { Learner, LearningSettings, LearnResult, SavedLearner } from '../../learner';
import type { Network } from '../../networkShape';
import type { NetworkShape } from '../../networkShape';
import type { Batch } from '../../replayBuffer';
import { integerPower } from '../../integerPower';
import { loadedKernel } from './kernelModule';

interface KernelExports {
  memory: WebAssembly.Memory;
  layout(
    inputs: number,
    hidden1: number,
    hidden2: number,
    actions: number,
    maxBatch: number,
    dueling: number,
  ): number;
  onlineAt(): number;
  targetAt(): number;
  moment1At(): number;
  moment2At(): number;
  statesAt(): number;
  nextStatesAt(): number;
  actionsAt(): number;
  rewardsAt(): number;
  donesAt(): number;
  weightsAt(): number;
  tdAt(): number;
  hidden1At(): number;
  hidden2At(): number;
  qAt(): number;
  parameterCount(): number;
  lastMeanMaxQ(): number;
  forward(n: number, network: number): void;
  learn(
    n: number,
    gamma: number,
    learningRate: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    c1: number,
    c2: number,
    doubleDqn: number,
    huber: number,
    gradClipNorm: number,
    weighted: number,
  ): number;
  updateTarget(tau: number): void;
}

const pad4 = (n: number) => (n + 3) & ~3;

export class KernelLearner implements Learner {
  private readonly k: KernelExports;
  private readonly f32: Float32Array;
  private readonly i32: Int32Array;
  /** Float index inside a padded parameter block of each parameter, in the Layers order. */
  private readonly padded: Int32Array;
  private readonly blocks: Record<'online' | 'target' | 'moment1' | 'moment2', number>;
  private readonly at: Record<
    'states' | 'nextStates' | 'actions' | 'rewards' | 'dones' | 'weights' | 'td' | 'q',
    number
  >;
  private readonly paddedActions: number;
  private readonly hiddenViews: { hidden1: Float32Array; hidden2: Float32Array };
  private out = new Float32Array(0);
  private steps = 0;

  constructor(
    readonly shape: NetworkShape,
    online: Float32Array,
    target: Float32Array,
    /** The largest mini-batch it will learn on: its batch arrays are this long. */
    private readonly maxBatch: number,
    module: WebAssembly.Module = loadedKernel().module,
  ) {
    this.k = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports;
    const { inputs, hidden1, hidden2, actions } = shape;
    const bytes = this.k.layout(inputs, hidden1, hidden2, actions, maxBatch, shape.dueling ? 1 : 0);
    const missing = bytes - this.k.memory.buffer.byteLength;
    if (missing > 0) this.k.memory.grow(Math.ceil(missing / 65536));
    this.f32 = new Float32Array(this.k.memory.buffer);
    this.i32 = new Int32Array(this.k.memory.buffer);
    const float = (byteOffset: number) => byteOffset >> 2;
    this.blocks = {
      online: float(this.k.onlineAt()),
      target: float(this.k.targetAt()),
      moment1: float(this.k.moment1At()),
      moment2: float(this.k.moment2At()),
    };
    this.at = {
      states: float(this.k.statesAt()),
      nextStates: float(this.k.nextStatesAt()),
      actions: float(this.k.actionsAt()),
      rewards: float(this.k.rewardsAt()),
      dones: float(this.k.donesAt()),
      weights: float(this.k.weightsAt()),
      td: float(this.k.tdAt()),
      q: float(this.k.qAt()),
    };
    this.paddedActions = pad4(outputUnits(shape));
    this.padded = paddedIndex(shape);
    this.hiddenViews = {
      hidden1: this.f32.subarray(float(this.k.hidden1At()), float(this.k.hidden1At()) + hidden1),
      hidden2: this.f32.subarray(float(this.k.hidden2At()), float(this.k.hidden2At()) + hidden2),
    };
    this.setWeights(online, target);
  }

  learn(batch: Batch, settings: LearningSettings): LearnResult {
    const n = batch.size;
    if (n > this.maxBatch)
      throw new RangeError(`a mini-batch holds at most ${this.maxBatch} transitions, got ${n}`);
    const { inputs } = this.shape;
    this.f32.set(batch.states.subarray(0, n * inputs), this.at.states);
    this.f32.set(batch.nextStates.subarray(0, n * inputs), this.at.nextStates);
    this.i32.set(batch.actions.subarray(0, n), this.at.actions);
    this.f32.set(batch.rewards.subarray(0, n), this.at.rewards);
    this.f32.set(batch.dones.subarray(0, n), this.at.dones);
    if (batch.weights) this.f32.set(batch.weights.subarray(0, n), this.at.weights);
    this.steps++;
    const { beta1, beta2, epsilon } = ADAM;
    const loss = this.k.learn(
      n,
      settings.gamma,
      settings.learningRate,
      beta1,
      beta2,
      epsilon,
      1 - integerPower(beta1, this.steps),
      1 - integerPower(beta2, this.steps),
      settings.doubleDqn ? 1 : 0,
      settings.loss === 'huber' ? 1 : 0,
      settings.gradClipNorm,
      batch.weights ? 1 : 0,
    );
    const tdErrors = batch.weights ? this.f32.subarray(this.at.td, this.at.td + n) : null;
    return { loss, meanMaxQ: this.k.lastMeanMaxQ(), tdErrors };
  }

  updateTarget(tau: number): void {
    this.k.updateTarget(tau);
  }

  forward(states: ArrayLike<number>, offset: number, count: number, network: Network): Float32Array {
    const { inputs, actions } = this.shape;
    const which = network === 'online' ? 0 : 1;
    if (count === 1) {
      for (let k = 0; k < inputs; k++) this.f32[this.at.states + k] = states[offset + k];
      this.k.forward(1, which);
      if (this.out.length < actions) this.out = new Float32Array(actions);
      for (let a = 0; a < actions; a++) this.out[a] = this.f32[this.at.q + a];
      return this.out.subarray(0, actions);
    }
    if (this.out.length < count * actions) this.out = new Float32Array(count * actions);
    // In chunks of the largest batch, last chunk first, so that the hidden activations left behind are
    // the first state's.
    const chunk = this.maxBatch;
    for (let start = Math.floor((count - 1) / chunk) * chunk; start >= 0; start -= chunk) {
      const n = Math.min(chunk, count - start);
      for (let k = 0; k < n * inputs; k++) this.f32[this.at.states + k] = states[offset + start * inputs + k];
      this.k.forward(n, which);
      for (let i = 0; i < n; i++) {
        for (let a = 0; a < actions; a++) {
          this.out[(start + i) * actions + a] = this.f32[this.at.q + i * this.paddedActions + a];
        }
      }
    }
    return this.out.subarray(0, count * actions);
  }

  hidden(): { hidden1: Float32Array; hidden2: Float32Array } {
    return this.hiddenViews;
  }

  weights(network: Network): Float32Array {
    return this.unpack(network === 'online' ? 'online' : 'target');
  }

  setWeights(online: Float32Array, target: Float32Array): void {
    const n = parameterCount(this.shape);
    if (online.length !== n || target.length !== n) {
      throw new Error(`weights for this network are ${n} numbers, got ${online.length} and ${target.length}`);
    }
    this.pack('online', online);
    this.pack('target', target);
    this.pack('moment1', new Float32Array(n));
    this.pack('moment2', new Float32Array(n));
    this.steps = 0;
  }

  save(): SavedLearner {
    return {
      online: this.unpack('online'),
      target: this.unpack('target'),
      firstMoment: this.unpack('moment1'),
      secondMoment: this.unpack('moment2'),
      adamSteps: this.steps,
    };
  }

  load(saved: SavedLearner): void {
    checkSaved(saved, this.shape);
    this.pack('online', saved.online);
    this.pack('target', saved.target);
    this.pack('moment1', saved.firstMoment);
    this.pack('moment2', saved.secondMoment);
    this.steps = saved.adamSteps;
  }

  dispose(): void {
    // The instance and its memory go with this object; nothing outside JS's collector holds them.
  }

  /** Writes a Layers-order array into a padded block; the padding stays 0. */
  private pack(block: keyof KernelLearner['blocks'], values: Float32Array): void {
    const base = this.blocks[block];
    this.f32.fill(0, base, base + this.k.parameterCount());
    for (let i = 0; i < values.length; i++) this.f32[base + this.padded[i]] = values[i];
  }

  private unpack(block: keyof KernelLearner['blocks']): Float32Array {
    const base = this.blocks[block];
    const out = new Float32Array(this.padded.length);
    for (let i = 0; i < out.length; i++) out[i] = this.f32[base + this.padded[i]];
    return out;
  }
}

/** Where each Layers-order parameter sits in the kernel's padded block (W1, b1, W2, b2, W3, b3). */
function paddedIndex(shape: NetworkShape): Int32Array {
  const widths = [shape.inputs, shape.hidden1, shape.hidden2, outputUnits(shape)];
  const index = new Int32Array(parameterCount(shape));
  let from = 0;
  let to = 0;
  for (let l = 0; l < 3; l++) {
    const rows = widths[l];
    const cols = widths[l + 1];
    const rowsP = l === 0 ? rows : pad4(rows);
    const colsP = pad4(cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) index[from++] = to + i * colsP + j;
    to += rowsP * colsP;
    for (let j = 0; j < cols; j++) index[from++] = to + j;
    to += colsP;
  }
  return index;
}
