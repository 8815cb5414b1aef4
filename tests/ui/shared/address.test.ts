import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig } from '../../../src/config/hyperparameters';
import { addressQuery, readAddress, writeAddress } from '../../../src/ui/shared/address';

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

  it('writes only non-default settings and a chosen engine; never the tab', () => {
    expect(addressQuery({ config: defaultConfig(), engine: 'auto' })).toBe('');
    expect(addressQuery({ config: { ...defaultConfig(), tau: 0.002 }, engine: 'kernel' })).toBe(
      '?tau=0.002&engine=kernel',
    );
  });

  describe('written into the window', () => {
    afterEach(() => vi.unstubAllGlobals());

    it('replaces the query of the current path, adding no history entry', () => {
      const replaceState = vi.fn();
      vi.stubGlobal('window', {
        location: { pathname: '/lab/', search: '?mode=fly&seed=3' },
        history: { replaceState },
      });
      writeAddress({ config: { ...defaultConfig(), gamma: 0.99 }, engine: 'auto' });
      expect(replaceState).toHaveBeenCalledExactlyOnceWith(null, '', '/lab/?gamma=0.99');
      writeAddress({ config: defaultConfig(), engine: 'auto' });
      expect(replaceState).toHaveBeenLastCalledWith(null, '', '/lab/');
    });
  });
});
