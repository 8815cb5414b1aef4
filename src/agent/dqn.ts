/**
 * Deep Q-Learning as the course lab teaches it (shared/reference/DQN-LAB.md), reading top to bottom:
 *
 *   act:    ε-greedy on Q(s, ·)
 *   learn:  y = r + γ(1 − done)·max_a' Q̂(s', a')          (Q̂: the target network; y carries no gradient)
 *           minimise mean (y − Q(s, a))² with Adam
 *           Q̂ ← τ·Q + (1 − τ)·Q̂                            (soft update after every learning step)
 *
 * Options beyond the lab (Double DQN, Huber loss, gradient clipping, hard target copies) are named
 * hyperparameters that default to off.
 */
import * as tf from '@tensorflow/tfjs';
import { HandwrittenUpdate } from './handwrittenUpdate';
import type { SavedLearner } from './handwrittenUpdate';
import { argmax, buildQNetwork, PlainForward } from './qNetwork';
import type { NetworkShape } from './qNetwork';
import type { Batch } from './replayBuffer';

type NamedTensor = { name: string; tensor: tf.Tensor };

export interface LearningSettings {
  gamma: number;
  learningRate: number;
  tau: number;
  doubleDqn: boolean;
  loss: 'mse' | 'huber';
  gradClipNorm: number;
  hardTargetEvery: number;
}

export interface UniformSource {
  uniform(low: number, high: number): number;
  integers(low: number, high: number): number;
}

export class DqnAgent {
  private readonly online: tf.Sequential;
  private readonly target: tf.Sequential;
  /** With the hand-written update its flat vectors hold the weights; the Layers models follow on demand. */
  private layersStale = false;
  /** tfjs Adam, for the autodiff update; the hand-written update keeps its own moments instead. */
  readonly optimizer: tf.AdamOptimizer | null;
  private readonly handwritten: HandwrittenUpdate | null;
  private readonly actingNet: PlainForward;
  private actingNetStale = true;
  /** A plain-JS copy of the target network, for showing Bellman targets; refreshed when read after learning. */
  private readonly targetNet: PlainForward;
  private targetNetStale = true;
  private batchOut = new Float32Array(0);
  private settings: LearningSettings;
  updates = 0;

  constructor(
    readonly shape: NetworkShape,
    settings: LearningSettings,
    seed: number,
    /** 'autodiff' is the readable reference; 'handwritten' computes the same update about twice as fast. */
    update: 'autodiff' | 'handwritten' = 'autodiff',
  ) {
    this.settings = { ...settings };
    this.online = buildQNetwork(shape, seed);
    this.target = buildQNetwork(shape, seed);
    this.target.setWeights(this.online.getWeights());
    // Keras's Adam defaults: β1 0.9, β2 0.999, ε 1e-7.
    this.optimizer = update === 'autodiff' ? tf.train.adam(settings.learningRate, 0.9, 0.999, 1e-7) : null;
    this.handwritten =
      update === 'handwritten'
        ? new HandwrittenUpdate(shape, this.online.getWeights(), this.target.getWeights())
        : null;
    this.actingNet = new PlainForward(shape);
    this.targetNet = new PlainForward(shape);
  }

  /** The Q-network as a standard Layers model (for saving, or predicting in bulk). */
  get qNetwork(): tf.Sequential {
    this.syncLayers();
    return this.online;
  }

  get targetNetwork(): tf.Sequential {
    this.syncLayers();
    return this.target;
  }

  /** Replaces both networks' weights (the target gets `target`, or a copy of `online`). */
  setWeights(online: tf.Tensor[], target: tf.Tensor[] = online): void {
    this.online.setWeights(online);
    this.target.setWeights(target);
    this.handwritten?.setWeights(online, target);
    this.layersStale = false;
    this.actingNetStale = this.targetNetStale = true;
  }

  /** The learner's whole state, for a checkpoint (the hand-written update only). */
  save(): SavedLearner & { updates: number } {
    if (!this.handwritten) throw new Error('checkpoints are taken with the hand-written update');
    return { ...this.handwritten.save(), updates: this.updates };
  }

  /** Resumes from `save()`'s result; throws if it belongs to another network shape. */
  load(saved: SavedLearner & { updates: number }): void {
    if (!this.handwritten) throw new Error('checkpoints are taken with the hand-written update');
    if (!Number.isInteger(saved?.updates) || saved.updates < 0)
      throw new Error('the saved update count is not valid');
    this.handwritten.load(saved);
    this.updates = saved.updates;
    this.layersStale = true;
    this.actingNetStale = this.targetNetStale = true;
  }

  /** Live changes. The learning rate is read by Adam at every update, so its moment estimates are kept. */
  configure(patch: Partial<LearningSettings>): void {
    this.settings = { ...this.settings, ...patch };
    if (patch.learningRate !== undefined && this.optimizer) {
      (this.optimizer as unknown as { learningRate: number }).learningRate = patch.learningRate;
    }
  }

  get learning(): Readonly<LearningSettings> {
    return this.settings;
  }

  /** Q(s, ·) for one state, from a plain-JS copy of the Q-network's weights. Reused array. */
  qValues(state: ArrayLike<number>, offset = 0): Float32Array {
    if (this.actingNetStale) {
      if (this.handwritten) this.actingNet.loadFlat(this.handwritten.onlineFlat());
      else this.actingNet.load(this.online);
      this.actingNetStale = false;
    }
    return this.actingNet.forward(state, offset);
  }

  /** Q̂(s, ·) of the target network for one state. Reused array. */
  targetQValues(state: ArrayLike<number>, offset = 0): Float32Array {
    if (this.targetNetStale) {
      if (this.handwritten) this.targetNet.loadFlat(this.handwritten.targetFlat());
      else this.targetNet.load(this.target);
      this.targetNetStale = false;
    }
    return this.targetNet.forward(state, offset);
  }

  /** Both hidden layers' activations and the Q-values for one state (arrays reused by the next call). */
  activations(state: ArrayLike<number>): { hidden1: Float32Array; hidden2: Float32Array; q: Float32Array } {
    this.qValues(state);
    return { hidden1: this.actingNet.act1, hidden2: this.actingNet.act2, q: this.actingNet.q };
  }

  /**
   * Q-values of `count` states stored one after another in `states`, as `count × actions` values (a view
   * reused by the next call).
   */
  forwardBatch(states: Float32Array, count: number, network: 'online' | 'target' = 'online'): Float32Array {
    const a = this.shape.actions;
    if (this.batchOut.length < count * a) this.batchOut = new Float32Array(count * a);
    const inputs = this.shape.inputs;
    for (let i = 0; i < count; i++) {
      const q =
        network === 'online' ? this.qValues(states, i * inputs) : this.targetQValues(states, i * inputs);
      this.batchOut.set(q, i * a);
    }
    return this.batchOut.subarray(0, count * a);
  }

  /** A copy of one network's weights as one flat array in the Layers order (kernel, bias, per layer). */
  weights(network: 'online' | 'target'): Float32Array {
    if (this.handwritten) {
      return (network === 'online' ? this.handwritten.onlineFlat() : this.handwritten.targetFlat()).slice();
    }
    const model = network === 'online' ? this.online : this.target;
    const parts = model.getWeights().map((w) => w.dataSync() as Float32Array);
    const flat = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      flat.set(p, at);
      at += p.length;
    }
    return flat;
  }

  /** ε-greedy: a random action with probability ε, else the action of largest Q. */
  act(
    state: ArrayLike<number>,
    epsilon: number,
    rng: UniformSource,
    offset = 0,
  ): { action: number; explored: boolean } {
    if (rng.uniform(0, 1) < epsilon) return { action: rng.integers(0, this.shape.actions), explored: true };
    return { action: argmax(this.qValues(state, offset)), explored: false };
  }

  /** One learning step on a mini-batch; returns the loss and the mean of max_a Q(s, a) over the batch. */
  learn(batch: Batch): { loss: number; meanMaxQ: number } {
    if (this.handwritten) {
      const result = this.handwritten.learn(batch, this.settings);
      this.layersStale = true;
      this.afterLearning();
      return result;
    }
    const { gamma, doubleDqn, loss: lossKind, gradClipNorm } = this.settings;
    const n = batch.size;
    const [lossValue, meanMaxQ] = tf.tidy(() => {
      const states = tf.tensor2d(batch.states, [n, this.shape.inputs]);
      const nextStates = tf.tensor2d(batch.nextStates, [n, this.shape.inputs]);
      const rewards = tf.tensor1d(batch.rewards);
      const dones = tf.tensor1d(batch.dones);
      // Select Q(s, a) with a one-hot mask: tf.gather has no gradient on the wasm backend.
      const actionMask = tf.cast(
        tf.oneHot(tf.tensor1d(batch.actions, 'int32'), this.shape.actions),
        'float32',
      );

      const y = bellmanTargets(this.online, this.target, nextStates, rewards, dones, gamma, doubleDqn);

      // The gradient tape disposes what the loss function creates; the mean max-Q is kept out of it so that
      // the report costs no second forward pass.
      const kept: { meanMaxQ?: tf.Scalar } = {};
      const lossFn = (): tf.Scalar => {
        const q = this.online.apply(states) as tf.Tensor2D;
        kept.meanMaxQ = tf.keep(tf.mean(tf.max(q, 1))) as tf.Scalar;
        const qSa = tf.sum(tf.mul(q, actionMask), 1);
        return (
          lossKind === 'huber' ? tf.losses.huberLoss(y, qSa) : tf.losses.meanSquaredError(y, qSa)
        ) as tf.Scalar;
      };
      // variableGrads + applyGradients rather than minimize, so the gradients can be clipped in between.
      const { value, grads } = tf.variableGrads(
        lossFn,
        this.online.trainableWeights.map((w) => w.read() as tf.Variable),
      );
      const named = Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));
      this.optimizer!.applyGradients(gradClipNorm > 0 ? clipByGlobalNorm(named, gradClipNorm) : named);

      // One read-back for both numbers: each read waits for the backend.
      const both = tf.stack([value, kept.meanMaxQ!]).dataSync();
      tf.dispose(kept.meanMaxQ);
      return [both[0], both[1]];
    });
    this.afterLearning();
    return { loss: lossValue, meanMaxQ };
  }

  private afterLearning(): void {
    this.updates++;
    this.updateTarget();
    this.actingNetStale = this.targetNetStale = true;
  }

  /** Soft update Q̂ ← τ·Q + (1 − τ)·Q̂, or with hardTargetEvery > 0 a full copy every that many updates. */
  private updateTarget(): void {
    const { tau, hardTargetEvery } = this.settings;
    const weight = hardTargetEvery > 0 ? (this.updates % hardTargetEvery === 0 ? 1 : 0) : tau;
    if (weight === 0) return;
    if (this.handwritten) {
      this.handwritten.updateTarget(weight);
    } else if (weight === 1) {
      this.target.setWeights(this.online.getWeights());
    } else {
      const online = this.online.trainableWeights;
      tf.tidy(() => {
        this.target.trainableWeights.forEach((t, i) =>
          t.write(tf.add(tf.mul(online[i].read(), weight), tf.mul(t.read(), 1 - weight))),
        );
      });
    }
  }

  private syncLayers(): void {
    if (!this.handwritten || !this.layersStale) return;
    this.layersStale = false;
    for (const [model, which] of [
      [this.online, 'online'],
      [this.target, 'target'],
    ] as const) {
      const weights = this.handwritten.weights(which);
      model.setWeights(weights);
      tf.dispose(weights);
    }
  }

  dispose(): void {
    this.handwritten?.dispose();
    this.online.dispose();
    this.target.dispose();
    this.optimizer?.dispose();
  }
}

/**
 * y = r + γ(1 − done)·Q̂(s', a*), with a* = argmax Q̂(s', ·) (the lab) or argmax Q(s', ·) (Double DQN).
 * Computed outside any gradient tape, so y carries no gradient.
 */
export function bellmanTargets(
  qNetwork: tf.LayersModel,
  targetNetwork: tf.LayersModel,
  nextStates: tf.Tensor2D,
  rewards: tf.Tensor1D,
  dones: tf.Tensor1D,
  gamma: number,
  doubleDqn: boolean,
): tf.Tensor1D {
  return tf.tidy(() => {
    // apply, not predict: predict splits the batch into chunks of 32 and joins them again.
    const qNextTarget = targetNetwork.apply(nextStates) as tf.Tensor2D;
    let nextValue: tf.Tensor1D;
    if (doubleDqn) {
      const best = tf.argMax(qNetwork.apply(nextStates) as tf.Tensor2D, 1);
      nextValue = tf.sum(tf.mul(qNextTarget, tf.cast(tf.oneHot(best, qNextTarget.shape[1]), 'float32')), 1);
    } else {
      nextValue = tf.max(qNextTarget, 1);
    }
    return tf.add(rewards, tf.mul(tf.mul(tf.sub(1, dones), gamma), nextValue));
  });
}

/** Scales all gradients together so that their joint L2 norm is at most `maxNorm`. */
export function clipByGlobalNorm(grads: NamedTensor[], maxNorm: number): NamedTensor[] {
  const norm = tf.sqrt(tf.addN(grads.map((g) => tf.sum(tf.square(g.tensor)))));
  const scale = tf.minimum(1, tf.div(maxNorm, tf.maximum(norm, 1e-12)));
  return grads.map(({ name, tensor }) => ({ name, tensor: tf.mul(tensor, scale) }));
}
