/** Command-line flags for every hyperparameter: `--learning-rate 3e-4`, `--learning-rate=3e-4`, `--double-dqn`. */
import { HYPERPARAMETERS } from './hyperparameters';
import type { Config, ParamSpec } from './hyperparameters';
import { allowed, parseText } from './validate';
import type { FieldError, Result } from './validate';

export const flagName = (key: string) => `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
const BY_FLAG = new Map<string, ParamSpec>(HYPERPARAMETERS.map((p) => [flagName(p.key), p]));

/** Every hyperparameter flag with its range, for `--help`. */
export function flagHelp(): string {
  return HYPERPARAMETERS.map(
    (p) => `  ${flagName(p.key).padEnd(22)} ${p.help} (${allowed(p)}; default ${p.default})`,
  ).join('\n');
}

/**
 * Parses hyperparameter flags; `other` names the program's own flags (with whether they take a value),
 * which are returned untouched. Any unknown flag or bad value is an error naming the flag and its range.
 */
export function parseFlags(
  argv: readonly string[],
  other: Record<string, 'value' | 'switch'> = {},
): Result<{ config: Partial<Config>; other: Record<string, string | true> }> {
  const errors: FieldError[] = [];
  const config: Record<string, unknown> = {};
  const rest: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    const takeValue = (): string | undefined =>
      inline ?? (argv[i + 1]?.startsWith('--') ? undefined : argv[++i]);

    if (Object.hasOwn(other, name)) {
      if (other[name] === 'switch') rest[name] = true;
      else {
        const v = takeValue();
        if (v === undefined) errors.push({ key: name, message: `${name} needs a value` });
        else rest[name] = v;
      }
      continue;
    }
    if (!arg.startsWith('--')) {
      errors.push({ key: arg, message: `unexpected argument “${arg.slice(0, 40)}”: flags start with --` });
      continue;
    }
    const negated = name.startsWith('--no-') ? BY_FLAG.get(`--${name.slice(5)}`) : undefined;
    if (negated?.kind === 'boolean' && inline === undefined) {
      config[negated.key] = false;
      continue;
    }
    const spec = BY_FLAG.get(name);
    if (!spec) {
      errors.push({ key: name, message: `unknown flag ${name.slice(0, 40)}` });
      continue;
    }
    const text = spec.kind === 'boolean' && inline === undefined ? 'true' : takeValue();
    if (text === undefined) {
      errors.push({ key: name, message: `${name} needs a value: ${allowed(spec)}` });
      continue;
    }
    const parsed = parseText(spec, text);
    if ('error' in parsed) errors.push({ key: name, message: `${name}: ${parsed.error}` });
    else config[spec.key] = parsed.value;
  }
  return errors.length
    ? { ok: false, errors }
    : { ok: true, value: { config: config as Partial<Config>, other: rest } };
}
