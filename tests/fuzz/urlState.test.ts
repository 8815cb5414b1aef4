/**
 * The address as generated input: random keys, values, lengths and encodings. Parsing never throws; every
 * refusal names its key and what is allowed; an accepted address round-trips (URL → config → URL).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HYPERPARAMETERS } from '../../src/config/hyperparameters';
import { fromSearchParams, settingsFromAddress, toSearchParams } from '../../src/config/urlState';
import { validateConfig } from '../../src/config/validate';
import { configArb, messyText, validValue } from './arbitraries';
import { check, readable, timeoutFor } from './fuzz';

const KEYS = HYPERPARAMETERS.map((p) => p.key);
const keyArb = fc.oneof(fc.constantFrom(...KEYS), messyText, fc.constantFrom('mode', 'engine'));
const pairsArb = fc.array(
  fc.tuple(
    keyArb,
    fc.oneof(
      messyText,
      fc.constantFrom(...HYPERPARAMETERS).chain((p) => validValue(p).map(String)),
    ),
  ),
  { maxLength: 12 },
);

describe('URL state under generated input', () => {
  it(
    'never throws, and refuses only with messages naming the key',
    () => {
      check(
        'url pairs',
        fc.property(pairsArb, (pairs) => {
          const params = new URLSearchParams(pairs);
          const r = fromSearchParams(params, ['mode', 'engine']);
          if (r.ok) {
            expect(validateConfig(r.value)).toEqual(r);
            return;
          }
          expect(r.errors.length).toBeGreaterThan(0);
          for (const e of r.errors) {
            expect(params.has(e.key)).toBe(true);
            expect(readable(e.message), e.message).toBe(true);
          }
        }),
      );
    },
    timeoutFor(10),
  );

  it(
    'the page always gets a valid config: the good entries applied, each bad one named',
    () => {
      check(
        'page address',
        fc.property(pairsArb, (pairs) => {
          const params = new URLSearchParams(pairs);
          const { config, problems } = settingsFromAddress(params, ['mode', 'engine']);
          expect(validateConfig(config)).toEqual({ ok: true, value: config });
          const strict = fromSearchParams(params, ['mode', 'engine']);
          expect(problems.length === 0).toBe(strict.ok);
          // Every entry that is good on its own is applied as it is.
          for (const key of new Set(params.keys())) {
            if (!KEYS.includes(key as (typeof KEYS)[number]) || params.getAll(key).length > 1) continue;
            const alone = fromSearchParams(new URLSearchParams([[key, params.get(key)!]]));
            if (alone.ok)
              expect(config[key as keyof typeof config]).toBe(alone.value[key as keyof typeof config]);
          }
        }),
      );
    },
    timeoutFor(10),
  );

  it(
    'reads any raw query string, percent-escapes and all, without throwing',
    () => {
      check(
        'raw query',
        fc.property(
          fc.oneof(
            fc.string({ unit: 'binary' }),
            fc
              .array(fc.oneof(fc.constantFrom('=', '&', '%', '+', '%2', '%zz', '?', '#'), fc.string()))
              .map((p) => p.join('')),
          ),
          (raw) => {
            const r = fromSearchParams(new URLSearchParams(raw));
            if (!r.ok) for (const e of r.errors) expect(readable(e.message), e.message).toBe(true);
          },
        ),
      );
    },
    timeoutFor(10),
  );

  it(
    'round-trips every valid configuration: config → URL → config → URL',
    () => {
      check(
        'url round trip',
        fc.property(configArb, (config) => {
          const text = toSearchParams(config).toString();
          const back = fromSearchParams(new URLSearchParams(text));
          expect(back.ok).toBe(true);
          if (!back.ok) return;
          for (const key of KEYS) {
            const [a, b] = [
              (config as Record<string, unknown>)[key],
              (back.value as Record<string, unknown>)[key],
            ];
            // -0 is written as "0": the same setting.
            expect(a === b || (Number.isNaN(a) && Number.isNaN(b))).toBe(true);
          }
          expect(toSearchParams(back.value).toString()).toBe(text);
        }),
      );
    },
    timeoutFor(10),
  );
});
