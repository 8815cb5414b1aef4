/** Generators shared by the fuzz tests: valid configurations from the table, and messy text. */
import fc from 'fast-check';
import { HYPERPARAMETERS } from '../../src/config/hyperparameters';
import type { Config, ParamSpec } from '../../src/config/hyperparameters';

/** A value the table allows for `spec`. */
export function validValue(spec: ParamSpec): fc.Arbitrary<unknown> {
  switch (spec.kind) {
    case 'boolean':
      return fc.boolean();
    case 'choice':
      return fc.constantFrom(...spec.options);
    case 'integer':
      return fc.integer({ min: spec.min, max: spec.max });
    default:
      return fc.double({ min: spec.min, max: spec.max, noNaN: true });
  }
}

/** A whole valid configuration, every field drawn from its range. */
export const configArb: fc.Arbitrary<Config> = fc.record(
  Object.fromEntries(HYPERPARAMETERS.map((p) => [p.key, validValue(p)])),
) as unknown as fc.Arbitrary<Config>;

/** Text that parsers meet in the wild: numbers in odd spellings, unicode, escapes, very long runs. */
export const messyText: fc.Arbitrary<string> = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 80 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom(
    '',
    ' ',
    'NaN',
    'Infinity',
    '-Infinity',
    '1e999',
    '-0',
    '0x10',
    '0b1',
    '1_000',
    ' 5 ',
    '5.',
    '.5',
    '1e-400',
    'true',
    'TRUE',
    'null',
    'undefined',
    '[]',
    '{}',
    '%00',
    '%E2%82%AC',
    '%',
    '\u0000',
    '\u202e',
    '__proto__',
    'constructor',
  ),
  fc.double().map(String),
  fc.integer().map(String),
  fc.nat({ max: 5000 }).map((n) => '9'.repeat(n)),
);
