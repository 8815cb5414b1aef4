import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/hyperparameters';
import { PRESETS } from '../../src/config/presets';
import { nearestPreset, presetMatching } from '../../src/config/presetMatch';

describe('which preset the settings are', () => {
  it('names the preset the settings equal over every key of the table, and none once one departs', () => {
    expect(presetMatching(defaultConfig())).toBe('lab');
    expect(presetMatching({ ...PRESETS.fast.config })).toBe('fast');
    expect(presetMatching({ ...PRESETS.fast.config, gamma: 0.98 })).toBeNull();
    // A restart setting departs as much as a live one.
    expect(presetMatching({ ...defaultConfig(), hidden1: 32 })).toBeNull();
  });

  it('finds the preset with the fewest departures, lab on a tie', () => {
    expect(nearestPreset({ ...PRESETS.fast.config, gamma: 0.98 })).toBe('fast');
    expect(nearestPreset({ ...defaultConfig(), gamma: 0.98 })).toBe('lab');
    // Three of fast's six changes: as near to one as to the other.
    expect(nearestPreset({ ...defaultConfig(), doubleDqn: true, loss: 'huber', learnEvery: 8 })).toBe('lab');
    expect(
      nearestPreset({ ...defaultConfig(), doubleDqn: true, loss: 'huber', learnEvery: 8, tau: 5e-3 }),
    ).toBe('fast');
  });
});
