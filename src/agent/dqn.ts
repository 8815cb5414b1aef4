/**
 * Deep Q-Learning as the course lab teaches it (shared/reference/DQN-LAB.md), reading top to bottom:
 *
 *   act:    ε-greedy on Q(s, ·)
 *   learn:  y = r + γ(1 − done)·max_a' Q̂(s', a')          (Q̂: the target network; y carries no gradient)
 *           minimise mean (y − Q(s, a))² with Adam
 *           Q̂ ← τ·Q + (1 − τ)·Q̂                            (soft update after every learning step)
 *
 * Options beyond the lab (Double DQN, Huber loss, gradient clipping, hard target copies, a dueling head,
 * n-step returns, prioritized replay's weights) are named hyperparameters that default to off. A dueling
 * head lives in the learner only: this class answers, saves as a model and loads the plain network it
 * folds into (networkShape.ts's foldDueling), while checkpoints keep the learner's unfolded state. The
 * update itself runs on an interchangeable learner (learner.ts), made by the caller for the engine it chose
 * (engines/learners.ts); this class is the same whichever it is.
 */
import * as tf from '@tensorflow/tfjs';
import type { Learner, LearningSettings, LearnResult, SavedLearner } from './learner';
import { integerPower } from './integerPower';
import { foldDueling, plainShape, unfoldDueling } from './networkShape';
import type { Network } from './networkShape';
import { argmax, buildQNetwork, setFlatWeights } from './qNetwork';
import type { NetworkShape } from './networkShape';
import type { Batch } from './replayBuffer';

export interface UniformSource {
  uniform(low: number, high: number): number;
  integers(low: number, high: number): number;
}

export class DqnAgent {
  readonly shape: NetworkShape;
  private settings: LearningSettings;
  /** `settings` as the learner takes them: γⁿ for n-step returns. */
  private learnerSettings: LearningSettings;
  /** Layers models for saving, built on first use and refreshed from the engine when read. */
  private models: Partial<Record<Network, tf.Sequential>> = {};
  private readonly choice = { action: 0, explored: false };
  updates = 0;

  /**
   * `learner` starts from Keras's initialisation for `seed` (engines/learners.ts), which the Layers models
   * built for saving record in their initialiser settings, as Keras's own would.
   */
  constructor(
    private readonly learner: Learner,
    settings: LearningSettings,
    private readonly seed: number,
  ) {
    this.shape = plainShape(learner.shape);
    this.settings = { ...settings };
    this.learnerSettings = forLearner(this.settings);
  }

  /** The Q-network as a standard Layers model (for saving, or predicting in bulk). */
  get qNetwork(): tf.Sequential {
    return this.model('online');
  }

  get targetNetwork(): tf.Sequential {
    return this.model('target');
  }

  /** Replaces both networks' weights (the target gets `target`, or a copy of `online`); Adam restarts. */
  setWeights(online: tf.Tensor[], target: tf.Tensor[] = online): void {
    const flat = (ts: tf.Tensor[]) => Float32Array.from(ts.flatMap((t) => Array.from(t.dataSync())));
    this.setFlatWeights(flat(online), flat(target));
  }

  /** The same from flat arrays in the Layers order (a loaded model's, kept without tensors); copied in. */
  setFlatWeights(online: Float32Array, target: Float32Array = online): void {
    const shape = this.learner.shape;
    if (shape.dueling) this.learner.setWeights(unfoldDueling(shape, online), unfoldDueling(shape, target));
    else this.learner.setWeights(online, target);
  }

  /** The learner's whole state, for a checkpoint; any engine resumes any other's. */
  save(): SavedLearner & { updates: number } {
    return { ...this.learner.save(), updates: this.updates };
  }

  /** Resumes from `save()`'s result; throws if it belongs to another network shape. */
  load(saved: SavedLearner & { updates: number }): void {
    if (!Number.isInteger(saved?.updates) || saved.updates < 0)
      throw new Error('the saved update count is not valid');
    this.learner.load(saved);
    this.updates = saved.updates;
  }

  /** Live changes; the engines read them at every update, so Adam's moment estimates are kept. */
  configure(patch: Partial<LearningSettings>): void {
    this.settings = { ...this.settings, ...patch };
    this.learnerSettings = forLearner(this.settings);
  }

  get learning(): Readonly<LearningSettings> {
    return this.settings;
  }

  /** Q(s, ·) for one state. Reused array. */
  qValues(state: ArrayLike<number>, offset = 0): Float32Array {
    return this.learner.forward(state, offset, 1, 'online');
  }

  /** Q̂(s, ·) of the target network for one state. Reused array. */
  targetQValues(state: ArrayLike<number>, offset = 0): Float32Array {
    return this.learner.forward(state, offset, 1, 'target');
  }

  /** Both hidden layers' activations and the Q-values for one state (arrays reused by the next call). */
  activations(state: ArrayLike<number>): { hidden1: Float32Array; hidden2: Float32Array; q: Float32Array } {
    const q = this.qValues(state);
    return { ...this.learner.hidden(), q };
  }

  /**
   * Q-values of `count` states stored one after another in `states`, as `count × actions` values (a view
   * reused by the next call).
   */
  forwardBatch(states: Float32Array, count: number, network: Network = 'online'): Float32Array {
    return this.learner.forward(states, 0, count, network);
  }

  /**
   * A copy of one network's weights as one flat array in the Layers order (kernel, bias, per layer), a
   * dueling head folded into the plain last layer.
   */
  weights(network: Network): Float32Array {
    const shape = this.learner.shape;
    const raw = this.learner.weights(network);
    return shape.dueling ? foldDueling(shape, raw) : raw;
  }

  /**
   * ε-greedy: a random action with probability ε, else the action of largest Q. The returned object is
   * reused by the next call (this runs at every env step).
   */
  act(
    state: ArrayLike<number>,
    epsilon: number,
    rng: UniformSource,
    offset = 0,
  ): { action: number; explored: boolean } {
    const choice = this.choice;
    choice.explored = rng.uniform(0, 1) < epsilon;
    choice.action = choice.explored
      ? rng.integers(0, this.shape.actions)
      : argmax(this.qValues(state, offset));
    return choice;
  }

  /**
   * One learning step on a mini-batch; returns the loss, the mean of max_a Q(s, a) over the batch, and the
   * TD errors when the batch carries importance weights.
   */
  learn(batch: Batch): LearnResult {
    const result = this.learner.learn(batch, this.learnerSettings);
    this.updates++;
    // Soft update Q̂ ← τ·Q + (1 − τ)·Q̂, or with hardTargetEvery > 0 a full copy every that many updates.
    const { tau, hardTargetEvery } = this.settings;
    const weight = hardTargetEvery > 0 ? (this.updates % hardTargetEvery === 0 ? 1 : 0) : tau;
    if (weight > 0) this.learner.updateTarget(weight);
    return result;
  }

  dispose(): void {
    this.learner.dispose();
    for (const model of Object.values(this.models)) model.dispose();
  }

  private model(network: Network): tf.Sequential {
    const model = (this.models[network] ??= buildQNetwork(this.shape, this.seed));
    setFlatWeights(model, this.weights(network));
    return model;
  }
}

function forLearner(settings: LearningSettings): LearningSettings {
  return settings.nStep > 1 ? { ...settings, gamma: integerPower(settings.gamma, settings.nStep) } : settings;
}
