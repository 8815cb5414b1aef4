import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../src/config/hyperparameters';
import { PRESETS } from '../../src/config/presets';
import { fromSearchParams, toSearchParams } from '../../src/config/urlState';

describe('URL state', () => {
  it('writes nothing for the defaults', () => {
    expect(toSearchParams(defaultConfig()).toString()).toBe('');
    expect(fromSearchParams(new URLSearchParams(''))).toEqual({ ok: true, value: defaultConfig() });
  });

  it('round-trips a configuration, writing only what differs from the defaults', () => {
    const config = { ...PRESETS.fast.config, seed: 7, enableWind: true, gravity: -3.7, learningRate: 6.3e-4 };
    const params = toSearchParams(config);
    expect(params.has('gamma')).toBe(false);
    expect(params.get('seed')).toBe('7');
    expect(params.get('doubleDqn')).toBe('true');
    expect(fromSearchParams(new URLSearchParams(params.toString()))).toEqual({ ok: true, value: config });
  });

  it('names unknown keys, bad values and repeated keys instead of dropping them', () => {
    const r = fromSearchParams(
      new URLSearchParams('gamma=2&colour=red&learningRate=fast&seed=1&tau=1&tau=2'),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      { key: 'gamma', message: 'Discount γ must be a number from 0 to 0.9999; got 2' },
      { key: 'colour', message: 'unknown setting “colour” in the address' },
      { key: 'learningRate', message: 'Learning rate must be a number from 0.000001 to 1; got "fast"' },
      { key: 'tau', message: '“tau” appears more than once' },
    ]);
  });

  it('writes and reads over a base other than the defaults', () => {
    const config = { ...PRESETS.fast.config, gamma: 0.98 };
    const params = toSearchParams(config, PRESETS.fast.config);
    expect(params.toString()).toBe('gamma=0.98');
    expect(fromSearchParams(params, [], PRESETS.fast.config)).toEqual({ ok: true, value: config });
  });

  it('can leave keys that belong to the page alone', () => {
    expect(fromSearchParams(new URLSearchParams('preset=fast&seed=3'), ['preset'])).toEqual({
      ok: true,
      value: { ...defaultConfig(), seed: 3 },
    });
  });
});
