/** Named starting points. `lab` is the course lab exactly; others say what they change and why. */
import { defaultConfig } from './hyperparameters';
import type { Config } from './hyperparameters';

export interface Preset {
  name: string;
  help: string;
  config: Config;
}

export const PRESETS: Record<'lab' | 'fast', Preset> = {
  lab: {
    name: 'lab',
    help: 'The course lab’s Deep Q-Learning exactly: 64-64 network, Adam 1e-3, γ 0.995, τ 1e-3, batch 64, learn every 4 steps.',
    config: defaultConfig(),
  },
  fast: {
    name: 'fast',
    help:
      'Provisional, not yet tuned by measurement: Double DQN and Huber loss to steady the targets, a wider ' +
      '128-128 network, learning every 2 steps on batches of 128, a faster target (τ 5e-3) and faster ε decay.',
    config: {
      ...defaultConfig(),
      doubleDqn: true,
      loss: 'huber',
      hidden1: 128,
      hidden2: 128,
      batchSize: 128,
      learnEvery: 2,
      learningRate: 6e-4,
      tau: 5e-3,
      epsilonDecay: 0.98,
    },
  },
};
