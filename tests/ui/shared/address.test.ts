import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../../src/config/hyperparameters';
import { PRESETS } from '../../../src/config/presets';
import { addressQuery, readAddress, writeAddress, writeMode } from '../../../src/ui/shared/address';

const read = (query: string) => readAddress(new URLSearchParams(query));

describe('the page address', () => {
  it('opens on training with the defaults when empty', () => {
    expect(read('')).toEqual({
      config: defaultConfig(),
      engine: 'auto',
      notice: null,
      mode: 'train',
      flightSeed: null,
      flightNotice: null,
    });
  });

  it('reads the settings, the engine, the tab and the flight seed together', () => {
    const address = read('?learningRate=0.0005&engine=kernel&mode=fly&seed=7');
    expect(address).toEqual({
      config: { ...defaultConfig(), learningRate: 0.0005, seed: 7 },
      engine: 'kernel',
      notice: null,
      mode: 'fly',
      flightSeed: 7,
      flightNotice: null,
    });
  });

  it('names bad settings and a bad engine in one notice, and keeps the good settings', () => {
    const address = read('gamma=2&nonsense=1&engine=quantum&hidden1=32');
    expect(address.config).toEqual({ ...defaultConfig(), hidden1: 32 });
    expect(address.engine).toBe('auto');
    expect(address.notice).toBe(
      'The address had settings that cannot be used, so their defaults apply: ' +
        'Discount γ must be a number from 0 to 0.9999; got 2; unknown setting “nonsense” in the address; ' +
        'engine must be one of auto, kernel, tfjs-webgl, tfjs-wasm, tfjs-cpu; got “quantum”.',
    );
  });

  it('opens an unknown tab on training without a notice', () => {
    expect(read('mode=space')).toMatchObject({ mode: 'train', notice: null });
    expect(read('mode=learn').mode).toBe('learn');
  });

  it('flies a random moon for a seed that is not a whole number, and says why', () => {
    const address = read('mode=fly&seed=moon');
    expect(address.flightSeed).toBeNull();
    expect(address.flightNotice).toBe(
      'The seed “moon” in the address is not a whole number from 0 to 999999999999999; flying a random moon.',
    );
    // The same key is the run's seed, so the playground names it too.
    expect(address.notice).toContain('Seed');
    expect(read(`seed=${'9'.repeat(100)}`).flightNotice).toContain(`“${'9'.repeat(40)}…”`);
  });

  it('flies seeds beyond the run seed range, which the playground refuses', () => {
    const address = read('seed=999999999999999');
    expect(address.flightSeed).toBe(999999999999999);
    expect(address.flightNotice).toBeNull();
    expect(address.config.seed).toBe(defaultConfig().seed);
    expect(address.notice).toContain('Seed');
  });

  it('reads the settings over the preset the address names', () => {
    expect(read('preset=fast&gamma=0.98')).toMatchObject({
      config: { ...PRESETS.fast.config, gamma: 0.98 },
      notice: null,
    });
    expect(read('preset=lab').config).toEqual(defaultConfig());
    // A bad setting keeps the preset's value, and the notice says so.
    const bad = read('preset=fast&learningRate=fast');
    expect(bad.config).toEqual(PRESETS.fast.config);
    expect(bad.notice).toBe(
      'The address had settings that cannot be used, so preset fast’s values apply: ' +
        'Learning rate must be a number from 0.000001 to 1; got "fast".',
    );
  });

  it('refuses an unknown or repeated preset, naming the known ones, and applies the rest over the defaults', () => {
    const address = read('preset=slow&gamma=0.98');
    expect(address.config).toEqual({ ...defaultConfig(), gamma: 0.98 });
    expect(address.notice).toBe(
      'The address had settings that cannot be used, so their defaults apply: ' +
        'preset must be one of lab, fast, rainbow-lite; got “slow”.',
    );
    expect(read('preset=fast&preset=lab')).toMatchObject({
      config: defaultConfig(),
      notice: expect.stringContaining('“preset” appears more than once'),
    });
  });

  it('writes the nearest preset and what departs from it, a chosen engine, and a tab other than training', () => {
    expect(addressQuery({ config: defaultConfig(), engine: 'auto', mode: 'train' })).toBe('');
    expect(
      addressQuery({ config: { ...defaultConfig(), tau: 0.002 }, engine: 'kernel', mode: 'train' }),
    ).toBe('?tau=0.002&engine=kernel');
    expect(addressQuery({ config: PRESETS.fast.config, engine: 'auto', mode: 'fly' })).toBe(
      '?preset=fast&mode=fly',
    );
    const query = addressQuery({
      config: { ...PRESETS.fast.config, gamma: 0.98 },
      engine: 'auto',
      mode: 'learn',
    });
    expect(query).toBe('?preset=fast&gamma=0.98&mode=learn');
    expect(read(query)).toMatchObject({ config: { ...PRESETS.fast.config, gamma: 0.98 }, mode: 'learn' });
  });

  describe('written into the window', () => {
    afterEach(() => vi.unstubAllGlobals());

    it('replaces the query of the current path, adding no history entry, and keeps the tab', () => {
      const replaceState = vi.fn();
      vi.stubGlobal('window', {
        location: { pathname: '/lab/', search: '?mode=fly&seed=3' },
        history: { replaceState },
      });
      writeAddress({ config: { ...defaultConfig(), gamma: 0.99 }, engine: 'auto' });
      expect(replaceState).toHaveBeenCalledExactlyOnceWith(null, '', '/lab/?gamma=0.99&mode=fly');
      vi.stubGlobal('window', { location: { pathname: '/lab/', search: '' }, history: { replaceState } });
      writeAddress({ config: defaultConfig(), engine: 'auto' });
      expect(replaceState).toHaveBeenLastCalledWith(null, '', '/lab/');
    });

    it('writes the tab, leaving the rest of the address as it stands', () => {
      const replaceState = vi.fn();
      const location = { pathname: '/lab/', search: '?gamma=2&seed=3' };
      vi.stubGlobal('window', { location, history: { replaceState } });
      writeMode('fly');
      expect(replaceState).toHaveBeenLastCalledWith(null, '', '/lab/?gamma=2&seed=3&mode=fly');
      location.search = '?mode=learn';
      writeMode('train');
      expect(replaceState).toHaveBeenLastCalledWith(null, '', '/lab/');
    });
  });
});
