/**
 * Shared test material: the lab's settings, agents on each learner, a random replay memory, and a tiny
 * network whose Q-values are known.
 */
import * as tf from '@tensorflow/tfjs';
import { DqnAgent } from '../../src/agent/dqn';
import { newLearner } from '../../src/agent/engines/learners';
import type { LearnerName, LearningSettings } from '../../src/agent/learner';
import type { NetworkShape } from '../../src/agent/networkShape';
import type { Batch } from '../../src/agent/replayBuffer';
import { SPECS } from '../../src/config/hyperparameters';
import type { NumberSpec } from '../../src/config/hyperparameters';
import { ReplayBuffer } from '../../src/agent/replayBuffer';
import { NumpyRandom } from '../../src/env/rng';

export const LAB: LearningSettings = {
  gamma: 0.995,
  learningRate: 1e-3,
  tau: 1e-3,
  doubleDqn: false,
  loss: 'mse',
  gradClipNorm: 0,
  hardTargetEvery: 0,
  nStep: 1,
};
export const SHAPE = { inputs: 8, hidden1: 64, hidden2: 64, actions: 4 };
/** The largest mini-batch the settings allow, which the Trainer makes its learners for. */
export const LARGEST_BATCH = (SPECS.get('batchSize') as NumberSpec).max;

/** An agent on `learner` from Keras's initialisation for `seed`, as the Trainer makes one. */
export function agentOn(
  learner: LearnerName,
  shape: NetworkShape,
  settings: LearningSettings,
  seed: number,
  maxBatch = LARGEST_BATCH,
): DqnAgent {
  return new DqnAgent(newLearner(learner, shape, seed, maxBatch), settings, seed);
}

/** `n` random LunarLander-sized transitions, about one in ten ending an episode. */
export function randomMemory(seed: number, n = 64): ReplayBuffer {
  const rng = NumpyRandom.fromSeed(seed);
  const buffer = new ReplayBuffer(n, 8);
  const s = () => Array.from({ length: 8 }, () => rng.uniform(-1, 1));
  for (let i = 0; i < n; i++)
    buffer.add(s(), rng.integers(0, 4), rng.uniform(-10, 10), s(), rng.uniform(0, 1) < 0.1);
  return buffer;
}

/**
 * A 2-2-2-2 agent whose hidden layers pass non-negative inputs through (identity kernels, ReLU), so that
 * Q(s) = s⁺·W3: online W3 = [[4, 0], [0, 1]], target W3 = [[1, 0], [0, 3]]. For s = (1, 2): Q = (4, 2),
 * Q̂ = (1, 6); for s = (−1, 1): Q = (0, 1), Q̂ = (0, 3).
 */
export function tinyAgent(
  settings: Partial<LearningSettings> = {},
  learner: 'autodiff' | 'handwritten' = 'autodiff',
): DqnAgent {
  const shape = { inputs: 2, hidden1: 2, hidden2: 2, actions: 2 };
  const agent = agentOn(learner, shape, { ...LAB, ...settings }, 0);
  const weights = (w3: number[]) => [
    tf.tensor2d([1, 0, 0, 1], [2, 2]),
    tf.zeros([2]),
    tf.tensor2d([1, 0, 0, 1], [2, 2]),
    tf.zeros([2]),
    tf.tensor2d(w3, [2, 2]),
    tf.zeros([2]),
  ];
  agent.setWeights(weights([4, 0, 0, 1]), weights([1, 0, 0, 3]));
  return agent;
}

/**
 * Three transitions for the tiny agent, with γ = 0.9 (Double DQN's a* is argmax Q(s'), valued by Q̂):
 *   s = s' = (1, 2),  a = 1, r = 1,  not done:  y = 1 + 0.9·6 = 6.4     Double DQN: a* = 0, y = 1 + 0.9·1 = 1.9
 *   s = s' = (−1, 1), a = 0, r = −2, not done:  y = −2 + 0.9·3 = 0.7    Double DQN: a* = 1, the same
 *   s = s' = (1, 2),  a = 0, r = 5,  done:      y = 5
 * and Q(s, a) = 2, 0, 4.
 */
export function tinyBatch(): Batch {
  return {
    states: Float32Array.from([1, 2, -1, 1, 1, 2]),
    actions: Int32Array.from([1, 0, 0]),
    rewards: Float32Array.from([1, -2, 5]),
    nextStates: Float32Array.from([1, 2, -1, 1, 1, 2]),
    dones: Float32Array.from([0, 0, 1]),
    size: 3,
  };
}
