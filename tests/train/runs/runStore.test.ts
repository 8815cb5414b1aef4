/** The run store's behaviour where it can be tested outside a browser. */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/hyperparameters';
import { PRESETS } from '../../../src/config/presets';
import { presetName, RunStore } from '../../../src/train/runs/runStore';

describe('run store', () => {
  it('says why autosave cannot work where there is no IndexedDB (Node here; private modes in browsers)', async () => {
    await expect(RunStore.open()).rejects.toThrow('this browser offers no IndexedDB here');
  });

  it('names a run’s preset, whatever its seed and evaluation settings, and calls anything else custom', () => {
    expect(presetName({ ...defaultConfig(), seed: 7 })).toBe('lab');
    expect(presetName({ ...PRESETS.fast.config, evalEvery: 5, evalEpisodes: 3 })).toBe('fast');
    expect(presetName(PRESETS.fast.config)).toBe('fast');
    expect(presetName({ ...defaultConfig(), gamma: 0.9 })).toBe('custom');
  });
});
