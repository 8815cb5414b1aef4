/**
 * Command-line flags as generated input: random flags, values, `=` forms, negations and stray words.
 * Parsing never throws; every refusal names the flag; any valid configuration written as flags (both
 * spellings, booleans as switches or --no-…) reads back exactly.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HYPERPARAMETERS } from '../../src/config/hyperparameters';
import type { Config } from '../../src/config/hyperparameters';
import { flagName, parseFlags } from '../../src/config/cliFlags';
import { checkValue } from '../../src/config/validate';
import { configArb, messyText, validValue } from './arbitraries';
import { check, readable, timeoutFor } from './fuzz';

const FLAGS = HYPERPARAMETERS.map((p) => flagName(p.key));
const OWN = { '--out': 'value', '--quiet': 'switch' } as const;
const wordArb = fc.oneof(
  fc.constantFrom(...FLAGS, ...FLAGS.map((f) => `--no-${f.slice(2)}`), '--out', '--quiet', '--', '-', '--='),
  fc.constantFrom(...FLAGS).chain((f) => messyText.map((v) => `${f}=${v}`)),
  fc.constantFrom(...HYPERPARAMETERS).chain((p) => validValue(p).map(String)),
  messyText,
);

describe('command-line flags under generated input', () => {
  it(
    'never throw; every refusal names the flag or word and what is allowed',
    () => {
      check(
        'flag lists',
        fc.property(fc.array(wordArb, { maxLength: 10 }), (argv) => {
          const r = parseFlags(argv, OWN);
          if (!r.ok) {
            for (const e of r.errors) {
              expect(argv.some((a) => a === e.key || a.startsWith(`${e.key}=`))).toBe(true);
              expect(readable(e.message), e.message).toBe(true);
            }
            return;
          }
          for (const [key, value] of Object.entries(r.value.config)) {
            const spec = HYPERPARAMETERS.find((p) => p.key === key)!;
            expect(checkValue(spec, value)).toBeNull();
          }
        }),
      );
    },
    timeoutFor(10),
  );

  it(
    'read back any valid configuration written as flags',
    () => {
      check(
        'flag round trip',
        fc.property(configArb, fc.boolean(), (config, inline) => {
          const argv = HYPERPARAMETERS.flatMap((p) => {
            const value = (config as Record<string, unknown>)[p.key];
            const flag = flagName(p.key);
            if (p.kind === 'boolean' && !inline) return [value ? flag : `--no-${flag.slice(2)}`];
            return inline ? [`${flag}=${String(value)}`] : [flag, String(value)];
          });
          const r = parseFlags(argv);
          expect(r.ok).toBe(true);
          if (!r.ok) return;
          const back = r.value.config as Config;
          for (const p of HYPERPARAMETERS) {
            const [a, b] = [
              (config as Record<string, unknown>)[p.key],
              (back as Record<string, unknown>)[p.key],
            ];
            expect(a === b).toBe(true);
          }
        }),
      );
    },
    timeoutFor(10),
  );
});
