/**
 * Reading a run folder's text files back (history.csv, config.json, and evaluations.csv / summary.json
 * where the run has them), for `npm run sweep -- --collect` and the page's import. Pure: the caller reads
 * the files. Every refusal names the file, the line and what was expected, like a model file's check.
 */
import type { Config } from '../../config/hyperparameters';
import { PRESETS } from '../../config/presets';
import { validateConfig } from '../../config/validate';

/** Larger than any real run's history (a million episodes is ~100 MB): refused before parsing. */
export const MAX_RUN_FILE_BYTES = 200 * 1024 * 1024;

export interface RunCurves {
  episode: number[];
  return: number[];
  avg100: number[];
  epsilon: number[];
}

/** The part of issue 9's evaluation report that comparisons use, and its confirmation's where it had one. */
export interface EvaluationPoint {
  episode: number;
  mean: number;
  landingRate: number;
  confirmMean?: number;
  confirmLandingRate?: number;
}

/** What `npm run train` reported at the end (summary.json); only the fields read here. */
export interface RunSummaryFile {
  /** Whether the course's rule was met (`solved` is a report, or in older files true/false). */
  solved: boolean | null;
  /** Whether the run was proven (null in files written before it existed; absent where none was read). */
  proven?: boolean | null;
  seconds: number | null;
  best: {
    episode: number;
    evalMean: number;
    landingRate: number;
    /** Its confirmation's figures, in files written since confirmations exist. */
    confirmMean?: number;
    confirmLandingRate?: number;
  } | null;
}

export interface RunFiles {
  preset: string;
  config: Config;
  curves: RunCurves;
  evaluations: EvaluationPoint[];
  summary: RunSummaryFile | null;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

const fail = (error: string): { ok: false; error: string } => ({ ok: false, error });

/** config.json: `{ preset, ...config }`, every field checked against the hyperparameter table. */
export function parseConfigJson(text: string): Parsed<{ preset: string; config: Config }> {
  if (text.length > MAX_RUN_FILE_BYTES) return fail('config.json is far too large for a run’s settings');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return fail(`config.json is not JSON (${(e as Error).message})`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    return fail('config.json should hold an object of settings');
  const { preset, ...rest } = data as Record<string, unknown>;
  if (typeof preset !== 'string' || !(preset in PRESETS))
    return fail(`config.json: "preset" should be one of ${Object.keys(PRESETS).join(', ')}`);
  const checked = validateConfig(rest, PRESETS[preset as keyof typeof PRESETS].config);
  if (!checked.ok) return fail(`config.json: ${checked.errors.map((e) => e.message).join('; ')}`);
  return { ok: true, value: { preset, config: checked.value } };
}

/**
 * Rows of a CSV of numbers (no quoting: the app writes none) with the named columns required, and the
 * `optional` ones read where the header has them (null for an empty cell, or a column it lacks).
 */
function numericCsv<K extends string, O extends string = never>(
  file: string,
  text: string,
  required: readonly K[],
  optional: readonly O[] = [],
): Parsed<Record<K, number[]> & Record<O, (number | null)[]>> {
  if (text.length > MAX_RUN_FILE_BYTES)
    return fail(`${file} is larger than ${MAX_RUN_FILE_BYTES / 2 ** 20} MB`);
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) return fail(`${file} is empty`);
  const header = lines[0].split(',').map((h) => h.trim());
  const missing = required.filter((c) => !header.includes(c));
  if (missing.length)
    return fail(`${file} lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  const at = required.map((c) => header.indexOf(c));
  const columns = Object.fromEntries(required.map((c) => [c, [] as number[]])) as Record<K, number[]>;
  const extra = Object.fromEntries(optional.map((c) => [c, [] as (number | null)[]])) as Record<
    O,
    (number | null)[]
  >;
  for (let i = 1; i < lines.length; i++) {
    const cells = lines[i].split(',');
    if (cells.length !== header.length)
      return fail(`${file} line ${i + 1}: ${cells.length} cells where the header has ${header.length}`);
    for (let j = 0; j < required.length; j++) {
      const cell = cells[at[j]].trim();
      const value = Number(cell);
      if (cell === '' || !Number.isFinite(value))
        return fail(`${file} line ${i + 1}: ${required[j]} is “${cell.slice(0, 20)}”, not a number`);
      columns[required[j]].push(value);
    }
    for (const c of optional) {
      const k = header.indexOf(c);
      const cell = k < 0 ? '' : cells[k].trim();
      const value = Number(cell);
      if (cell !== '' && !Number.isFinite(value))
        return fail(`${file} line ${i + 1}: ${c} is “${cell.slice(0, 20)}”, not a number`);
      extra[c].push(cell === '' ? null : value);
    }
  }
  return { ok: true, value: { ...columns, ...extra } };
}

/** history.csv as written by the page's download and `npm run train`. */
export function parseHistoryCsv(text: string): Parsed<RunCurves> {
  const r = numericCsv('history.csv', text, ['episode', 'return', 'avg100', 'epsilon'] as const);
  if (!r.ok) return r;
  const { episode } = r.value;
  if (episode.length === 0) return fail('history.csv holds no episodes');
  for (let i = 0; i < episode.length; i++) {
    if (!Number.isInteger(episode[i]) || episode[i] < 1 || (i > 0 && episode[i] <= episode[i - 1]))
      return fail(
        `history.csv line ${i + 2}: episode ${episode[i]} does not follow ${episode[i - 1] ?? 'the start'}`,
      );
  }
  return { ok: true, value: r.value };
}

/**
 * evaluations.csv (issue 9's columns; only those read here are required), with a candidate's confirmed
 * mean and landing rate where the file has them (empty cells: that evaluation was not confirmed).
 */
export function parseEvaluationsCsv(text: string): Parsed<EvaluationPoint[]> {
  const r = numericCsv(
    'evaluations.csv',
    text,
    ['episode', 'mean', 'landingRate'] as const,
    ['confirmMean', 'confirmLandingRate'] as const,
  );
  if (!r.ok) return r;
  const { episode, mean, landingRate, confirmMean, confirmLandingRate } = r.value;
  const points: EvaluationPoint[] = [];
  for (let i = 0; i < episode.length; i++) {
    for (const [name, rate] of [
      ['landingRate', landingRate[i]],
      ['confirmLandingRate', confirmLandingRate[i]],
    ] as const) {
      if (rate !== null && (rate < 0 || rate > 1))
        return fail(`evaluations.csv line ${i + 2}: ${name} ${rate} is not in [0, 1]`);
    }
    if ((confirmMean[i] === null) !== (confirmLandingRate[i] === null))
      return fail(`evaluations.csv line ${i + 2}: a confirmation needs both its mean and its landing rate`);
    points.push({
      episode: episode[i],
      mean: mean[i],
      landingRate: landingRate[i],
      ...(confirmMean[i] === null
        ? {}
        : { confirmMean: confirmMean[i]!, confirmLandingRate: confirmLandingRate[i]! }),
    });
  }
  return { ok: true, value: points };
}

const numberOrNull = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : null);

/** A milestone in summary.json: a report `{ episode, envSteps, seconds }` or null, or in older files a boolean. */
function milestone(v: unknown): boolean | null {
  if (typeof v === 'boolean') return v;
  if (v === null) return false;
  return typeof v === 'object' && numberOrNull((v as Record<string, unknown>).episode) !== null ? true : null;
}

/** summary.json: only the fields a table needs; anything else in it is left alone. */
export function parseSummaryJson(text: string): Parsed<RunSummaryFile> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    return fail(`summary.json is not JSON (${(e as Error).message})`);
  }
  if (typeof data !== 'object' || data === null) return fail('summary.json should hold an object');
  const d = data as Record<string, unknown>;
  const b = d.best as Record<string, unknown> | null | undefined;
  const confirmMean = numberOrNull(b?.confirmMean);
  const confirmLandingRate = numberOrNull(b?.confirmLandingRate);
  const best =
    b && numberOrNull(b.episode) !== null && numberOrNull(b.evalMean) !== null
      ? {
          episode: b.episode as number,
          evalMean: b.evalMean as number,
          landingRate: numberOrNull(b.landingRate) ?? 0,
          ...(confirmMean !== null && confirmLandingRate !== null ? { confirmMean, confirmLandingRate } : {}),
        }
      : null;
  return {
    ok: true,
    value: {
      solved: milestone(d.solved),
      proven: milestone(d.proven),
      seconds: numberOrNull(d.seconds),
      best,
    },
  };
}

/** A whole run from its files' texts (null where a file is absent). */
export function parseRunFiles(texts: {
  config: string;
  history: string;
  evaluations: string | null;
  summary: string | null;
}): Parsed<RunFiles> {
  const config = parseConfigJson(texts.config);
  if (!config.ok) return config;
  const curves = parseHistoryCsv(texts.history);
  if (!curves.ok) return curves;
  const evaluations = texts.evaluations === null ? null : parseEvaluationsCsv(texts.evaluations);
  if (evaluations && !evaluations.ok) return evaluations;
  const summary = texts.summary === null ? null : parseSummaryJson(texts.summary);
  if (summary && !summary.ok) return summary;
  return {
    ok: true,
    value: {
      ...config.value,
      curves: curves.value,
      evaluations: evaluations?.value ?? [],
      summary: summary?.value ?? null,
    },
  };
}
