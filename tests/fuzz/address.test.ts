/**
 * The whole page address as generated input: settings, the page's own keys (engine, tab, flight seed)
 * and junk, in any order and repetition. Reading never throws and always yields a usable page; every
 * refusal is named; what the page writes reads back as itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HYPERPARAMETERS } from '../../src/config/hyperparameters';
import type { Config } from '../../src/config/hyperparameters';
import { PRESETS } from '../../src/config/presets';
import { validateConfig } from '../../src/config/validate';
import { ENGINE_CHOICES } from '../../src/agent/engines/engineTable';
import { addressQuery, MODES, readAddress } from '../../src/ui/shared/address';
import { configArb, messyText, validValue } from './arbitraries';
import { check, readable, timeoutFor } from './fuzz';

const KEYS = HYPERPARAMETERS.map((p) => p.key);
const PRESET_NAMES = Object.keys(PRESETS);
const pageValue = fc.oneof(
  messyText,
  fc.constantFrom(...ENGINE_CHOICES, ...MODES, ...PRESET_NAMES),
  fc.nat().map(String),
  fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String),
);
const pairArb = fc.oneof(
  fc.tuple(fc.constantFrom('engine', 'mode', 'seed', 'preset'), pageValue),
  fc
    .tuple(fc.constantFrom(...HYPERPARAMETERS), fc.boolean())
    .chain(([p, valid]) =>
      (valid ? validValue(p).map(String) : messyText).map((v): [string, string] => [p.key, v]),
    ),
  fc.tuple(messyText, messyText),
);
const paramsArb = fc.array(pairArb, { maxLength: 12 }).map((pairs) => new URLSearchParams(pairs));

/** Any settings, and a preset with some of them changed: the page writes the latter over the preset. */
const nearPresetArb: fc.Arbitrary<Config> = fc.oneof(
  configArb,
  fc
    .tuple(fc.constantFrom(...Object.values(PRESETS)), configArb, fc.subarray(KEYS, { maxLength: 4 }))
    .map(([preset, other, keys]) => ({
      ...preset.config,
      ...Object.fromEntries(keys.map((key) => [key, other[key]])),
    })),
);

describe('the page address under generated input', () => {
  it(
    'always yields a usable page, and names what it refused',
    () => {
      check(
        'page address',
        fc.property(paramsArb, (params) => {
          const a = readAddress(params);
          expect(validateConfig(a.config)).toEqual({ ok: true, value: a.config });
          expect(ENGINE_CHOICES).toContain(a.engine);
          expect(MODES).toContain(a.mode);

          const engine = params.get('engine');
          const badEngine = engine !== null && !(ENGINE_CHOICES as readonly string[]).includes(engine);
          if (badEngine) expect(a.notice).toContain('engine must be one of');
          const presets = params.getAll('preset');
          const badPreset =
            presets.length > 1 || (presets.length === 1 && !PRESET_NAMES.includes(presets[0]));
          if (badPreset)
            expect(a.notice).toMatch(
              /preset must be one of lab, fast, rainbow-lite|“preset” appears more than once/,
            );
          const settingKeys = [...params.keys()].filter((k) => !['engine', 'mode', 'preset'].includes(k));
          if (!badEngine && !badPreset && settingKeys.length === 0) {
            expect(a.notice).toBeNull();
            expect(a.config).toEqual(PRESETS[(presets[0] ?? 'lab') as keyof typeof PRESETS].config);
          }
          if (a.notice === null) {
            expect(a.engine).toBe(engine ?? 'auto');
            for (const key of settingKeys) expect(KEYS).toContain(key);
          }

          const seed = params.get('seed');
          if (a.flightSeed !== null) {
            expect(Number.isSafeInteger(a.flightSeed) && a.flightSeed >= 0).toBe(true);
            expect(String(a.flightSeed)).toBe(seed!.replace(/^0+(?=\d)/, ''));
          }
          expect(a.flightNotice !== null).toBe(seed !== null && a.flightSeed === null);
          if (a.flightNotice) expect(readable(a.flightNotice), a.flightNotice).toBe(true);
        }),
      );
    },
    timeoutFor(10),
  );

  it(
    'reads what the page writes as the same settings, engine and tab, with nothing refused',
    () => {
      check(
        'address round trip',
        fc.property(
          nearPresetArb,
          fc.constantFrom(...ENGINE_CHOICES),
          fc.constantFrom(...MODES),
          (config, engine, mode) => {
            const query = addressQuery({ config, engine, mode });
            const back = readAddress(new URL(`https://lab.example/lander/${query}`).searchParams);
            expect(back.notice).toBeNull();
            expect(back.engine).toBe(engine);
            // -0 is written as "0": the same setting.
            for (const key of KEYS) expect(back.config[key] === config[key]).toBe(true);
            expect(addressQuery(back)).toBe(query);
            expect(back.mode).toBe(mode);
            expect(back.flightSeed).toBe(query.includes('seed=') ? config.seed : null);
          },
        ),
      );
    },
    timeoutFor(10),
  );
});
