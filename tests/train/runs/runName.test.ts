/** Default run names say the preset, the seed and what differs from the preset. */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src/config/presets';
import { runName } from '../../../src/train/runs/runName';

describe('run names', () => {
  it('names the preset and seed, then each setting changed from it in the table’s short names', () => {
    expect(runName({ ...PRESETS.lab.config, seed: 11 })).toBe('lab · seed 11');
    expect(runName({ ...PRESETS.lab.config, seed: 11, gamma: 0.99 })).toBe('lab · seed 11 · γ 0.99');
    expect(runName({ ...PRESETS.fast.config, seed: 3 })).toBe('fast · seed 3');
    expect(runName({ ...PRESETS.fast.config, doubleDqn: false, loss: 'mse', enableWind: true })).toBe(
      'fast · seed 0 · no double DQN · loss mse · wind',
    );
  });

  it('takes the nearest preset for a custom config, and keeps long lists to a line', () => {
    expect(runName({ ...PRESETS.fast.config, learningRate: 5e-4 })).toBe('fast · seed 0 · lr 0.0005');
    const many = {
      ...PRESETS.lab.config,
      gamma: 0.9,
      tau: 0.01,
      batchSize: 32,
      hidden1: 128,
      hidden2: 32,
      numEnvs: 4,
    };
    expect(runName(many)).toBe('lab · seed 0 · γ 0.9 · τ 0.01 · batch 32 · hidden1 128 · + 2 more');
  });

  it('tells apart runs that differ in one setting', () => {
    const a = runName({ ...PRESETS.lab.config, seed: 1 });
    const b = runName({ ...PRESETS.lab.config, seed: 1, learnEvery: 2 });
    expect(a).not.toBe(b);
  });
});
