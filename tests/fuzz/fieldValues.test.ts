/**
 * Typed values (the page's number fields, the address, flags all parse text through parseText) and
 * patches to a running agent, as generated input. Parsing never throws and refuses with the setting's
 * label and range; an accepted value is in range; a refused patch leaves the running session unchanged.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { HYPERPARAMETERS } from '../../src/config/hyperparameters';
import { allowed, checkValue, parseText, validateConfig, validatePatch } from '../../src/config/validate';
import { messyText, validValue } from './arbitraries';
import { check, readable, timeoutFor } from './fuzz';
import { idleSession } from './idleSession';

const specArb = fc.constantFrom(...HYPERPARAMETERS);

describe('typed field values under generated input', () => {
  it(
    'parse to an allowed value or refuse naming the setting and its range',
    () => {
      check(
        'typed text',
        fc.property(specArb, messyText, (spec, text) => {
          const parsed = parseText(spec, text);
          if ('value' in parsed) expect(checkValue(spec, parsed.value)).toBeNull();
          else {
            expect(parsed.error).toContain(spec.label);
            expect(parsed.error).toContain(allowed(spec));
            expect(readable(parsed.error)).toBe(true);
          }
        }),
      );
    },
    timeoutFor(10),
  );

  it(
    'read back exactly what they show: String(value) parses to the value',
    () => {
      check(
        'typed round trip',
        fc.property(
          specArb.chain((spec) => fc.tuple(fc.constant(spec), validValue(spec))),
          ([spec, value]) => {
            const parsed = parseText(spec, String(value));
            expect(parsed).toEqual({ value: Object.is(value, -0) ? 0 : value });
          },
        ),
      );
    },
    timeoutFor(10),
  );

  it(
    'whole configs of any shape are checked, never thrown on',
    () => {
      check(
        'config objects',
        fc.property(
          fc.oneof(
            fc.anything(),
            fc.dictionary(
              fc.oneof(fc.constantFrom(...HYPERPARAMETERS.map((p) => p.key), '__proto__'), messyText),
              fc.oneof(fc.anything(), fc.array(fc.double(), { maxLength: 500 })),
            ),
          ),
          (input) => {
            const r = validateConfig(input);
            if (!r.ok) for (const e of r.errors) expect(readable(e.message), e.message).toBe(true);
          },
        ),
      );
    },
    timeoutFor(10),
  );
});

describe('patches to a running session under generated input', () => {
  const session = idleSession();
  afterAll(() => session.dispose());

  it(
    'a refused patch changes nothing; an accepted one changes only what it names',
    () => {
      const patchArb = fc.dictionary(
        fc.oneof(fc.constantFrom(...HYPERPARAMETERS.map((p) => p.key)), fc.string({ maxLength: 8 })),
        fc.oneof(
          fc.anything(),
          specArb.chain((p) => validValue(p)),
        ),
        { maxKeys: 4 },
      );
      check(
        'session patches',
        fc.property(fc.oneof(patchArb, fc.anything()), (patch) => {
          const before = { ...session.config };
          const r = session.applyPatch(patch);
          if (!r.ok) {
            expect(session.config).toEqual(before);
            expect(validatePatch(patch).ok).toBe(false);
            return;
          }
          expect(session.config).toEqual({ ...before, ...r.value });
        }),
      );
    },
    timeoutFor(10),
  );
});
