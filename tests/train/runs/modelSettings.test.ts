/** A model's own settings read back from its metadata: used when every field is good, else refused saying why. */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/hyperparameters';
import { PRESETS } from '../../../src/config/presets';
import { modelSettings } from '../../../src/train/runs/modelSettings';

const NETWORK = { hidden1: 64, hidden2: 64 };

describe('a model’s own settings', () => {
  it('are the settings its metadata carries, every one of them, when all are good', () => {
    const fast = { ...PRESETS.fast.config };
    expect(modelSettings({ config: fast, episodes: 3 }, NETWORK)).toEqual({
      ok: true,
      settings: fast,
      missing: [],
    });
  });

  it('name the fields the model does not carry (settings the table gained since), for the caller to fill', () => {
    const { evalEvery, evalEpisodes, ...older } = defaultConfig();
    void evalEvery;
    void evalEpisodes;
    const read = modelSettings({ config: older }, NETWORK);
    expect(read).toEqual({ ok: true, settings: older, missing: ['evalEvery', 'evalEpisodes'] });
  });

  it('are refused, saying why, when absent, empty, not settings, out of range, unknown or for other layers', () => {
    const problem = (metadata: Record<string, unknown>) => {
      const read = modelSettings(metadata, NETWORK);
      return read.ok ? null : read.problem;
    };
    expect(problem({ episodes: 3 })).toBe('carries no training settings (its metadata has no “config”)');
    expect(problem({ config: null })).toBe('carries no training settings (its metadata has no “config”)');
    expect(problem({ config: {} })).toBe('carries no training settings (its metadata’s “config” is empty)');
    expect(problem({ config: 'fast' })).toBe(
      'has training settings that cannot be used (expected an object of hyperparameters; got "fast")',
    );
    expect(problem({ config: { ...defaultConfig(), gamma: 2, loss: 'l1' } })).toBe(
      'has training settings that cannot be used (Discount γ must be a number from 0 to 0.9999; got 2; ' +
        'Loss must be one of mse, huber; got "l1")',
    );
    expect(problem({ config: { ...defaultConfig(), warpDrive: true } })).toBe(
      'has training settings that cannot be used (unknown hyperparameter “warpDrive”)',
    );
    const bad = { gamma: 2, tau: 2, seed: -1, batchSize: 0, hidden1: 1 };
    expect(problem({ config: bad })).toMatch(/; and 2 more\)$/);
    expect(problem({ config: { ...defaultConfig(), hidden1: 32 } })).toBe(
      'has training settings for a 32-64 network, but its weights are a 64-64 network',
    );
  });
});
