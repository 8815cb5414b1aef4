/**
 * The trial list of a sweep: every combination of the grid's values on every seed, each with its own run
 * folder and the `npm run train` arguments that produce it. The sweep, `--plan` and `--trial K` all use
 * this one list, so a trial is the same run however it is started.
 */
import { flagName } from '../../config/cliFlags';
import type { Config } from '../../config/hyperparameters';
import { PRESETS } from '../../config/presets';
import { validateConfig } from '../../config/validate';
import type { Result } from '../../config/validate';
import { MAX_TRIALS } from './grid';
import type { Axis, Value } from './grid';

export interface SweepSpec {
  preset: keyof typeof PRESETS;
  /** Hyperparameter flags given to the sweep: they apply to every trial. */
  flags: Partial<Config>;
  axes: Axis[];
  /** Null: the seed of the flags (or the preset). */
  seeds: number[] | null;
  /** Arguments of `npm run train` passed through unchanged (e.g. the engine). */
  passThrough: string[];
}

export interface Trial {
  index: number;
  /** The run folder's name inside the sweep folder; says the trial's values. */
  name: string;
  /** What this trial sets on top of the sweep's flags: the grid's values and the seed. */
  values: Partial<Record<keyof Config, Value>>;
  config: Config;
  /** `npm run train -- <args>` with `--out` last but one and `--json` last. */
  args: string[];
}

/** `--gamma 0.99`, `--double-dqn`, `--no-enable-wind`. */
export function flagArgs(values: Partial<Record<string, Value>>): string[] {
  return Object.entries(values).flatMap(([key, v]) => {
    if (typeof v === 'boolean') return [v ? flagName(key) : `--no-${flagName(key).slice(2)}`];
    return [flagName(key), String(v)];
  });
}

function product(axes: readonly Axis[]): Partial<Record<keyof Config, Value>>[] {
  return axes.reduce<Partial<Record<keyof Config, Value>>[]>(
    (combos, axis) => combos.flatMap((c) => axis.values.map((v) => ({ ...c, [axis.key]: v }))),
    [{}],
  );
}

/** Every trial, in a stable order (the grid's first axis slowest, seeds fastest); refuses clashes. */
export function planTrials(spec: SweepSpec, sweepDir: string): Result<Trial[]> {
  const clash = spec.axes.find((a) => a.key in spec.flags);
  if (clash) {
    const message = `${flagName(clash.key)} is given both as a flag and in --grid; keep one`;
    return { ok: false, errors: [{ key: clash.key, message }] };
  }
  if (spec.seeds && 'seed' in spec.flags) {
    return { ok: false, errors: [{ key: 'seed', message: '--seed and --seeds are both given; keep one' }] };
  }
  const combos = product(spec.axes);
  const seeds = spec.seeds ?? [null];
  if (combos.length * seeds.length > MAX_TRIALS) {
    const message = `the sweep has ${combos.length * seeds.length} trials, more than ${MAX_TRIALS}`;
    return { ok: false, errors: [{ key: '--grid', message }] };
  }
  const preset = PRESETS[spec.preset];
  const trials: Trial[] = [];
  for (const combo of combos) {
    for (const seed of seeds) {
      const values = seed === null ? combo : { ...combo, seed };
      const checked = validateConfig({ ...spec.flags, ...values }, preset.config);
      if (!checked.ok) return checked;
      const name =
        Object.entries(values)
          .map(([k, v]) => `${k}-${String(v)}`)
          .join('_') || `seed-${checked.value.seed}`;
      const out = `${sweepDir.replace(/\/+$/, '')}/${name}`;
      trials.push({
        index: trials.length,
        name,
        values,
        config: checked.value,
        args: [
          '--preset',
          spec.preset,
          ...flagArgs(spec.flags),
          ...flagArgs(values),
          ...spec.passThrough,
          '--out',
          out,
          '--json',
        ],
      });
    }
  }
  return { ok: true, value: trials };
}

/** `--trial K`: the K-th trial (0-based, as a Kubernetes Indexed Job's completion index counts). */
export function selectTrial(trials: readonly Trial[], text: string): Result<Trial> {
  const k = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!(k < trials.length)) {
    const message = `--trial must be an integer from 0 to ${trials.length - 1} (the plan has ${trials.length} trials); got “${text.slice(0, 20)}”`;
    return { ok: false, errors: [{ key: '--trial', message }] };
  }
  return { ok: true, value: trials[k] };
}

/** A shell-safe word: plain words as they are, anything else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The command `--plan` prints for a trial. */
export function trialCommand(trial: Trial): string {
  return ['npm', 'run', 'train', '--', ...trial.args].map(shellWord).join(' ');
}
