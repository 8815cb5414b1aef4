/**
 * What the agent needs of a learning engine: the DQN update on a mini-batch, forward passes of either
 * network, and the whole learner state in and out as plain arrays in the Layers order (kernel [in, out]
 * row-major, then bias, per layer), so that checkpoints and model files do not know which engine ran.
 *
 * The engines users choose (engines/engineTable.ts) each run one of the learners named below.
 */
import { parameterCount } from './networkShape';
import type { Network, NetworkShape } from './networkShape';
import type { Batch } from './replayBuffer';

/**
 * The implementations of the update: 'kernel' (engines/kernel/, one fused WebAssembly function),
 * 'handwritten' (engines/tfjsHandwritten.ts, the gradient written out in tfjs ops, on any tfjs backend) and
 * 'autodiff' (engines/tfjsAutodiff.ts, tfjs autodiff: the readable reference the tests hold the others to,
 * which no engine offers, being slower with the same numbers). engines/learners.ts makes each.
 */
export type LearnerName = 'kernel' | 'handwritten' | 'autodiff';

export interface LearningSettings {
  gamma: number;
  learningRate: number;
  tau: number;
  doubleDqn: boolean;
  loss: 'mse' | 'huber';
  gradClipNorm: number;
  hardTargetEvery: number;
  /**
   * n-step returns: the memory's rewards are r_t + γr_{t+1} + … + γ^(n−1)r_{t+n−1} and its next states
   * s_{t+n}, so the agent bootstraps with γⁿ (the learners receive γⁿ as `gamma`).
   */
  nStep: number;
}

/** Keras's (and tfjs's) Adam defaults, which the lab uses. */
export const ADAM = { beta1: 0.9, beta2: 0.999, epsilon: 1e-7 } as const;

/** Everything an engine carries from one update to the next. */
export interface SavedLearner {
  online: Float32Array;
  target: Float32Array;
  firstMoment: Float32Array;
  secondMoment: Float32Array;
  adamSteps: number;
}

/**
 * What one update reports: the loss, the mean over the batch of max_a Q(s, a), and, when the batch came
 * with importance weights (prioritized replay), each sample's TD error Q(s, a) − y, from which the memory
 * sets its priorities (an array reused by the next update).
 */
export interface LearnResult {
  loss: number;
  meanMaxQ: number;
  tdErrors: Float32Array | null;
}

export interface Learner {
  /** The shape it learns, a dueling head unfolded (`dueling`: one more output unit). */
  readonly shape: NetworkShape;
  /**
   * One learning step. With `batch.weights`, each sample's loss is scaled by its weight and the TD errors
   * come back.
   */
  learn(batch: Batch, settings: LearningSettings): LearnResult;
  /** Q̂ ← Q̂ + τ·(Q − Q̂); τ = 1 copies exactly. */
  updateTarget(tau: number): void;
  /**
   * Q-values of `count` states stored one after another from `offset` in `states`: count × actions values,
   * in an array reused by the next call.
   */
  forward(states: ArrayLike<number>, offset: number, count: number, network: Network): Float32Array;
  /** The hidden layers' activations for the first state of the last `forward` (reused arrays). */
  hidden(): { hidden1: Float32Array; hidden2: Float32Array };
  /** A copy of one network's weights (a dueling head unfolded, as `shape` says). */
  weights(network: Network): Float32Array;
  /** New weights (a loaded model); Adam starts again. */
  setWeights(online: Float32Array, target: Float32Array): void;
  save(): SavedLearner;
  /** Takes up a saved state exactly; throws, changing nothing, if it belongs to another shape. */
  load(saved: SavedLearner): void;
  dispose(): void;
}

/** Refuses saved state that does not fit `shape`, naming the difference. */
export function checkSaved(saved: SavedLearner, shape: NetworkShape): void {
  const n = parameterCount(shape);
  const arrays = [saved?.online, saved?.target, saved?.firstMoment, saved?.secondMoment];
  if (arrays.some((a) => !(a instanceof Float32Array) || a.length !== n)) {
    throw new Error(`the saved network does not fit this one (${n} parameters)`);
  }
  if (!Number.isInteger(saved.adamSteps) || saved.adamSteps < 0) {
    throw new Error(`the saved Adam step count is not valid (${String(saved.adamSteps)})`);
  }
}
