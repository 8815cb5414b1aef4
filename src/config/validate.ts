/** Checks values against the hyperparameter table; every bad field is reported with what is allowed. */
import { defaultConfig, SPECS } from './hyperparameters';
import type { Config, ParamSpec } from './hyperparameters';

export interface FieldError {
  key: string;
  message: string;
}
export type Result<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** A value longer than this (from a URL or a flag) is refused before it is parsed. */
export const MAX_TEXT_LENGTH = 64;

export function allowed(spec: ParamSpec): string {
  switch (spec.kind) {
    case 'boolean':
      return 'true or false';
    case 'choice':
      return `one of ${spec.options.join(', ')}`;
    default:
      return `${spec.kind === 'integer' ? 'an integer' : 'a number'} from ${spec.min} to ${spec.max}`;
  }
}

/** Why `value` is not allowed for `spec`, or null if it is. */
export function checkValue(spec: ParamSpec, value: unknown): string | null {
  const bad = (got: string) => `${spec.label} must be ${allowed(spec)}; got ${got}`;
  switch (spec.kind) {
    case 'boolean':
      return typeof value === 'boolean' ? null : bad(show(value));
    case 'choice':
      return typeof value === 'string' && spec.options.includes(value) ? null : bad(show(value));
    default:
      if (typeof value !== 'number') return bad(show(value));
      if (!Number.isFinite(value)) return bad(String(value));
      if (spec.kind === 'integer' && !Number.isInteger(value)) return bad(String(value));
      if (value < spec.min || value > spec.max) return bad(String(value));
      return null;
  }
}

/** Parses the text form of a value (URL, command line, number field). */
export function parseText(spec: ParamSpec, text: string): { value: unknown } | { error: string } {
  if (text.length > MAX_TEXT_LENGTH) {
    return {
      error: `${spec.label}: a value of ${text.length} characters is too long; ${allowed(spec)} expected`,
    };
  }
  const t = text.trim();
  let value: unknown = t === '' ? undefined : t;
  if (spec.kind === 'boolean')
    value = t === 'true' || t === '1' ? true : t === 'false' || t === '0' ? false : value;
  else if (spec.kind !== 'choice' && t !== '' && !Number.isNaN(Number(t))) value = Number(t);
  const error = checkValue(spec, value);
  return error ? { error } : { value };
}

/** A value as a message shows it: short whatever it is (a nested object or a huge array included). */
function show(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (value === undefined) return 'nothing';
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}

function checkFields(input: unknown, onlyLive: boolean): Result<Partial<Config>> {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      ok: false,
      errors: [{ key: '', message: `expected an object of hyperparameters; got ${show(input)}` }],
    };
  }
  const errors: FieldError[] = [];
  const value: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(input)) {
    const spec = SPECS.get(key);
    if (!spec) {
      errors.push({ key, message: `unknown hyperparameter “${key.slice(0, 40)}”` });
      continue;
    }
    const error = checkValue(spec, v);
    if (error) errors.push({ key, message: error });
    else if (onlyLive && spec.apply !== 'live') {
      errors.push({ key, message: `${spec.label} only takes effect in a new run: reset to change it` });
    } else value[key] = v;
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: value as Partial<Config> };
}

/** A whole configuration: the given fields over the defaults, every bad field reported. */
export function validateConfig(input: unknown, base: Config = defaultConfig()): Result<Config> {
  const r = checkFields(input, false);
  return r.ok ? { ok: true, value: { ...base, ...r.value } } : r;
}

/** A change to a running agent: only live hyperparameters, and refused whole if any field is bad. */
export function validatePatch(patch: unknown): Result<Partial<Config>> {
  return checkFields(patch, true);
}
