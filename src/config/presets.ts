/** Named starting points. `lab` is the course lab exactly; others say what they change and why. */
import { defaultConfig } from './hyperparameters';
import type { Config } from './hyperparameters';

export interface Preset {
  name: string;
  help: string;
  config: Config;
}

export type PresetName = 'lab' | 'fast' | 'rainbow-lite';

const FAST: Config = {
  ...defaultConfig(),
  epsilonDecay: 0.97,
  doubleDqn: true,
  loss: 'huber',
  learningRate: 2e-3,
  tau: 5e-3,
  learnEvery: 8,
};

export const PRESETS: Record<PresetName, Preset> = {
  lab: {
    name: 'lab',
    help: 'The course lab’s Deep Q-Learning exactly: 64-64 network, Adam 1e-3, γ 0.995, τ 1e-3, batch 64, learn every 4 steps.',
    config: defaultConfig(),
  },
  fast: {
    name: 'fast',
    help:
      'The lab with six changes, chosen by measurement on seeds 0–4 (each solves in under half the lab’s ' +
      'time): ε decays 0.97 per episode instead of 0.995, so exploring ends sooner; Double DQN and the ' +
      'Huber loss steady the targets, which allows twice the learning rate (2e-3) and a target network ' +
      'that follows five times faster (τ 5e-3); and it learns every 8 steps instead of 4, half the ' +
      'updates, which are most of the time. Same 64-64 network and batch of 64.',
    config: FAST,
  },
  'rainbow-lite': {
    name: 'rainbow-lite',
    help:
      'fast with three of Rainbow’s improvements, chosen by measurement with npm run sweep on seeds 0–4 ' +
      '(median 159 episodes to solve; fast 418; fast with the same three, learning every 8 steps, 286): ' +
      'a dueling head (V + A − mean A), which learns what a state is worth without trying every action there; ' +
      '3-step returns, which carry the landing bonus back to earlier states three times faster; and ' +
      'prioritized replay (α 0.6, β 0.4 → 1 over 500 episodes), which replays the surprising transitions ' +
      'more often. Learning from the same experience more pays now: it learns every 2 steps instead of 8, ' +
      'and the target network follows twice as fast (τ 1e-2). Same 64-64 network, batch of 64, Adam 2e-3 ' +
      'and ε decay 0.97 as fast.',
    config: { ...FAST, dueling: true, nStep: 3, prioritized: true, learnEvery: 2, tau: 1e-2 },
  },
};
