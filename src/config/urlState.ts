/**
 * The configuration in the page's address, so that a link reproduces a setup. Only what departs from a
 * base (the defaults, or a preset the page names beside them) is written, and read back over that base.
 */
import { defaultConfig, HYPERPARAMETERS, SPECS } from './hyperparameters';
import type { Config } from './hyperparameters';
import { parseText, validateConfig } from './validate';
import type { FieldError, Result } from './validate';

export function toSearchParams(config: Config, base: Config = defaultConfig()): URLSearchParams {
  const params = new URLSearchParams();
  for (const { key } of HYPERPARAMETERS) {
    const v = config[key];
    if (v !== base[key]) params.set(key, String(v));
  }
  return params;
}

/** Reads every known key; unknown keys and bad values are all reported, none silently dropped. */
export function fromSearchParams(
  params: URLSearchParams,
  ignore: readonly string[] = [],
  base: Config = defaultConfig(),
): Result<Config> {
  const errors: FieldError[] = [];
  const values: Record<string, unknown> = {};
  for (const [key, text] of params) {
    if (ignore.includes(key)) continue;
    if (params.getAll(key).length > 1) {
      // One message per key, however often it repeats: which value was meant is unknowable.
      if (!errors.some((e) => e.key === key))
        errors.push({ key, message: `“${key.slice(0, 40)}” appears more than once` });
      continue;
    }
    const spec = SPECS.get(key);
    if (!spec) {
      errors.push({ key, message: `unknown setting “${key.slice(0, 40)}” in the address` });
      continue;
    }
    const parsed = parseText(spec, text);
    if ('error' in parsed) errors.push({ key, message: parsed.error });
    else values[key] = parsed.value;
  }
  return errors.length ? { ok: false, errors } : validateConfig(values, base);
}

/**
 * The page's reading of its address: bad entries are named in `problems` and left at the base's values,
 * the good ones still apply. Never fails.
 */
export function settingsFromAddress(
  params: URLSearchParams,
  ignore: readonly string[] = [],
  base: Config = defaultConfig(),
): { config: Config; problems: string[] } {
  const first = fromSearchParams(params, ignore, base);
  if (first.ok) return { config: first.value, problems: [] };
  const bad = new Set(first.errors.map((e) => e.key));
  const kept = fromSearchParams(new URLSearchParams([...params].filter(([k]) => !bad.has(k))), ignore, base);
  return {
    config: kept.ok ? kept.value : base,
    problems: first.errors.map((e) => e.message),
  };
}
