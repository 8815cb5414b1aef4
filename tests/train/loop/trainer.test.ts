import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/hyperparameters';
import { Trainer } from '../../../src/train/loop/trainer';
import { MarsRover } from '../../../src/lesson/marsRover';
import { NumpyRandom } from '../../../src/env/rng';

describe('Trainer.applyPatch', () => {
  it('applies a valid live patch to the running agent', () => {
    const trainer = new Trainer({ ...defaultConfig(), replaySize: 1000 }, { env: new MarsRover() });
    trainer.runEpisodes(20);
    const updates = trainer.agent.updates;
    expect(
      trainer.applyPatch({ learningRate: 5e-4, epsilonStart: 0.3, learnEvery: 1, doubleDqn: true }).ok,
    ).toBe(true);
    expect(trainer.epsilon).toBe(0.3);
    expect(trainer.agent.learning).toMatchObject({ learningRate: 5e-4, doubleDqn: true });
    trainer.runEpisodes(20);
    expect(trainer.agent.updates).toBeGreaterThan(updates);
    expect(trainer.episodes).toBe(40);
  });

  it('takes prioritized replay’s α live: the memory samples by the new α', () => {
    const config = { ...defaultConfig(), replaySize: 1000, prioritized: true, nStep: 3, dueling: true };
    const trainer = new Trainer(config, { env: new MarsRover() });
    trainer.runEpisodes(20);
    const weightsNow = () =>
      Array.from(trainer.memory.samplePrioritized(32, NumpyRandom.fromSeed(1), { beta: 1 }).weights!);
    // Learned priorities differ, so importance weights do too; α = 0 samples uniformly, every weight 1.
    expect(weightsNow().some((w) => w < 1)).toBe(true);
    expect(trainer.applyPatch({ perAlpha: 0 }).ok).toBe(true);
    expect(weightsNow().every((w) => w === 1)).toBe(true);
    trainer.runEpisodes(5);
    expect(trainer.episodes).toBe(25);
    trainer.dispose();
  });

  it('refuses a bad patch whole, says why, and training goes on unchanged', () => {
    const trainer = new Trainer({ ...defaultConfig(), replaySize: 1000 }, { env: new MarsRover() });
    trainer.runEpisodes(10);
    const r = trainer.applyPatch({ learningRate: 3e-4, gamma: Number.NaN, hidden1: 16 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.key).sort()).toEqual(['gamma', 'hidden1']);
    expect(trainer.settings.learningRate).toBe(1e-3);
    expect(trainer.agent.learning.learningRate).toBe(1e-3);
    trainer.runEpisodes(10);
    expect(trainer.episodes).toBe(20);
  });
});

describe('the course rule in the trainer', () => {
  it('says solved only once the run has 100 episodes of its own, however good the first ones are', () => {
    // Every episode of this rover ends on a reward of 250: above the bar from the first episode on.
    const rover = new MarsRover({ leftReward: 250, rightReward: 250 });
    const trainer = new Trainer({ ...defaultConfig(), replaySize: 1000 }, { env: rover });
    trainer.runEpisodes(99);
    expect(trainer.returns.every((r) => r >= 200)).toBe(true);
    expect(trainer.solved).toBeNull();
    trainer.runEpisodes(1);
    expect(trainer.solved?.episode).toBe(100);
    trainer.dispose();
  });
});
