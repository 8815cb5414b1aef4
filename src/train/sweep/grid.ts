/**
 * A sweep's grid: `--grid gamma=0.98,0.99,0.995` (the table's key or its flag name) and `--seeds 0-4`,
 * checked against the hyperparameter table entry by entry, so that a bad grid is refused before any
 * trial starts.
 */
import { flagName } from '../../config/cliFlags';
import { HYPERPARAMETERS, SPECS } from '../../config/hyperparameters';
import type { Config, ParamSpec } from '../../config/hyperparameters';
import { parseText } from '../../config/validate';
import type { FieldError, Result } from '../../config/validate';

export type Value = number | boolean | string;

export interface Axis {
  key: keyof Config;
  values: Value[];
}

/** More trials than this is almost surely a typo in a range. */
export const MAX_TRIALS = 10_000;

const BY_NAME = new Map<string, ParamSpec>(
  HYPERPARAMETERS.flatMap((p) => [
    [p.key, p],
    [flagName(p.key).slice(2), p],
  ]),
);

/** One `key=v1,v2,…` entry. */
export function parseAxis(text: string): Result<Axis> {
  const fail = (message: string): Result<Axis> => ({ ok: false, errors: [{ key: text, message }] });
  const eq = text.indexOf('=');
  if (eq <= 0)
    return fail(`--grid “${text.slice(0, 60)}”: expected key=value,value,… (e.g. gamma=0.98,0.99)`);
  const name = text.slice(0, eq).trim();
  const spec = BY_NAME.get(name) ?? SPECS.get(name);
  if (!spec)
    return fail(`--grid “${name.slice(0, 40)}”: unknown hyperparameter (npm run train -- --help lists them)`);
  if (spec.key === 'seed') return fail('--grid seed: give seeds with --seeds (e.g. --seeds 0-4)');
  const texts = text
    .slice(eq + 1)
    .split(',')
    .map((t) => t.trim());
  if (texts.every((t) => t === '')) return fail(`--grid ${name}: no values given`);
  const values: Value[] = [];
  for (const t of texts) {
    if (t === '') return fail(`--grid ${name}: an empty value in “${text.slice(eq + 1, eq + 61)}”`);
    const parsed = parseText(spec, t);
    if ('error' in parsed) return fail(`--grid ${name}=${t.slice(0, 40)}: ${parsed.error}`);
    if (values.includes(parsed.value as Value)) return fail(`--grid ${name}: ${t} is listed twice`);
    values.push(parsed.value as Value);
  }
  return { ok: true, value: { key: spec.key as keyof Config, values } };
}

/** Every `--grid` entry; a hyperparameter may appear in one entry only. */
export function parseGrid(entries: readonly string[]): Result<Axis[]> {
  const errors: FieldError[] = [];
  const axes: Axis[] = [];
  for (const entry of entries) {
    const r = parseAxis(entry);
    if (!r.ok) errors.push(...r.errors);
    else if (axes.some((a) => a.key === r.value.key))
      errors.push({ key: entry, message: `--grid ${r.value.key} is given more than once` });
    else axes.push(r.value);
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: axes };
}

/** `0-4`, `0,3,7` or a mix (`0-2,10`); each a valid seed, none twice. */
export function parseSeeds(text: string): Result<number[]> {
  const fail = (message: string): Result<number[]> => ({ ok: false, errors: [{ key: '--seeds', message }] });
  const spec = SPECS.get('seed')!;
  const seeds: number[] = [];
  const parts = text.split(',').map((t) => t.trim());
  if (parts.every((p) => p === '')) return fail('--seeds: no seeds given (e.g. --seeds 0-4)');
  for (const part of parts) {
    const range = /^(\d+)\s*-\s*(\d+)$/.exec(part);
    const [lo, hi] = range ? [Number(range[1]), Number(range[2])] : [Number(part), Number(part)];
    for (const [t, v] of [
      [range?.[1] ?? part, lo],
      [range?.[2] ?? part, hi],
    ] as const) {
      const parsed = parseText(spec, t);
      if (t === '' || 'error' in parsed || v !== parsed.value)
        return fail(`--seeds “${part.slice(0, 40)}”: each seed must be an integer from 0 to ${2 ** 31 - 1}`);
    }
    if (hi < lo) return fail(`--seeds ${part}: a range runs from low to high`);
    if (hi - lo + 1 + seeds.length > MAX_TRIALS)
      return fail(`--seeds ${part}: more than ${MAX_TRIALS} seeds`);
    for (let s = lo; s <= hi; s++) {
      if (seeds.includes(s)) return fail(`--seeds: seed ${s} is listed twice`);
      seeds.push(s);
    }
  }
  return { ok: true, value: seeds };
}
