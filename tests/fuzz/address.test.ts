/**
 * The whole page address as generated input: settings, the page's own keys (engine, tab, flight seed)
 * and junk, in any order and repetition. Reading never throws and always yields a usable page; every
 * refusal is named; what the page writes reads back as itself.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HYPERPARAMETERS } from '../../src/config/hyperparameters';
import { validateConfig } from '../../src/config/validate';
import { ENGINE_CHOICES } from '../../src/agent/engines/engineTable';
import { addressQuery, MODES, readAddress } from '../../src/ui/shared/address';
import { configArb, messyText, validValue } from './arbitraries';
import { check, readable, timeoutFor } from './fuzz';

const KEYS = HYPERPARAMETERS.map((p) => p.key);
const pageValue = fc.oneof(
  messyText,
  fc.constantFrom(...ENGINE_CHOICES, ...MODES),
  fc.nat().map(String),
  fc.bigInt({ min: 0n, max: 10n ** 20n }).map(String),
);
const pairArb = fc.oneof(
  fc.tuple(fc.constantFrom('engine', 'mode', 'seed'), pageValue),
  fc
    .tuple(fc.constantFrom(...HYPERPARAMETERS), fc.boolean())
    .chain(([p, valid]) =>
      (valid ? validValue(p).map(String) : messyText).map((v): [string, string] => [p.key, v]),
    ),
  fc.tuple(messyText, messyText),
);
const paramsArb = fc.array(pairArb, { maxLength: 12 }).map((pairs) => new URLSearchParams(pairs));

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
          const settingKeys = [...params.keys()].filter((k) => k !== 'engine' && k !== 'mode');
          if (!badEngine && settingKeys.length === 0) expect(a.notice).toBeNull();
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
    'reads what the page writes as the same settings and engine, with nothing refused',
    () => {
      check(
        'address round trip',
        fc.property(configArb, fc.constantFrom(...ENGINE_CHOICES), (config, engine) => {
          const query = addressQuery({ config, engine });
          const back = readAddress(new URL(`https://lab.example/lander/${query}`).searchParams);
          expect(back.notice).toBeNull();
          expect(back.engine).toBe(engine);
          // -0 is written as "0": the same setting.
          for (const key of KEYS) expect(back.config[key] === config[key]).toBe(true);
          expect(addressQuery(back)).toBe(query);
          expect(back.mode).toBe('train');
          expect(back.flightSeed).toBe(query.includes('seed=') ? config.seed : null);
        }),
      );
    },
    timeoutFor(10),
  );
});
