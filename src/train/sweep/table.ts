/**
 * The sweep's table: one row per finished trial with the settings that vary across the sweep, ranked —
 * solved soonest first, then the best evaluation (when the runs have evaluations), then the best mean of
 * 100. Built from run folders' files alone, so a sweep and `--collect` give the same table.
 */
import { differingKeys, shortName } from '../../config/differences';
import type { Key } from '../../config/hyperparameters';
import { SOLVED_RETURN, SOLVED_WINDOW } from '../../config/courseRule';
import type { RunFiles } from '../runs/runFiles';

export interface TableRow {
  rank: number;
  trial: string;
  /** The settings that vary across the table. */
  settings: Partial<Record<Key, number | boolean | string>>;
  episodes: number;
  /** The episode where the mean of the last 100 first reached 200; null if never. */
  solvedAt: number | null;
  /** The best mean of 100 from episode 100 on; null before then. */
  bestAvg100: number | null;
  finalAvg100: number;
  bestEval: number | null;
  landingRate: number | null;
  seconds: number | null;
}

export interface SweepTable {
  keys: Key[];
  rows: TableRow[];
}

function row(trial: string, run: RunFiles, keys: readonly Key[]): Omit<TableRow, 'rank'> {
  const { episode, avg100 } = run.curves;
  // The course's rule, as the trainer applies it: only once the run has a full window of its own.
  const solvedIndex = avg100.findIndex((v, i) => episode[i] >= SOLVED_WINDOW && v >= SOLVED_RETURN);
  let bestAvg100: number | null = null;
  for (let i = 0; i < episode.length; i++)
    if (episode[i] >= SOLVED_WINDOW && (bestAvg100 === null || avg100[i] > bestAvg100))
      bestAvg100 = avg100[i];
  const bestPoint =
    run.summary?.best ??
    run.evaluations.reduce<{ evalMean: number; landingRate: number } | null>(
      (best, p) =>
        best === null || p.mean > best.evalMean ? { evalMean: p.mean, landingRate: p.landingRate } : best,
      null,
    );
  return {
    trial,
    settings: Object.fromEntries(keys.map((k) => [k, run.config[k]])),
    episodes: episode.at(-1)!,
    solvedAt: solvedIndex < 0 ? null : episode[solvedIndex],
    bestAvg100,
    finalAvg100: avg100.at(-1)!,
    bestEval: bestPoint?.evalMean ?? null,
    landingRate: bestPoint?.landingRate ?? null,
    seconds: run.summary?.seconds ?? null,
  };
}

/** Nulls last; `sign` −1 for "smaller is better". */
function by(a: number | null, b: number | null, sign: 1 | -1): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return sign * (b - a);
}

export function rankRows(rows: readonly Omit<TableRow, 'rank'>[]): TableRow[] {
  return [...rows]
    .sort(
      (a, b) =>
        by(a.solvedAt, b.solvedAt, -1) ||
        by(a.bestEval, b.bestEval, 1) ||
        by(a.bestAvg100, b.bestAvg100, 1) ||
        by(a.finalAvg100, b.finalAvg100, 1) ||
        a.trial.localeCompare(b.trial),
    )
    .map((r, i) => ({ rank: i + 1, ...r }));
}

/** The table of finished trials (name → files); seeds count as a varying setting like any other. */
export function sweepTable(trials: readonly { name: string; run: RunFiles }[]): SweepTable {
  const keys = differingKeys(trials.map((t) => t.run.config));
  return { keys, rows: rankRows(trials.map((t) => row(t.name, t.run, keys))) };
}

const COLUMNS = [
  'episodes',
  'solvedAt',
  'bestAvg100',
  'finalAvg100',
  'bestEval',
  'landingRate',
  'seconds',
] as const;
const round = (v: number | null) => (v === null ? '' : String(Number(v.toFixed(2))));

export function tableCsv(table: SweepTable): string {
  const header = ['rank', 'trial', ...table.keys, ...COLUMNS];
  const lines = table.rows.map((r) =>
    [
      r.rank,
      r.trial,
      ...table.keys.map((k) => String(r.settings[k])),
      ...COLUMNS.map((c) => round(r[c])),
    ].join(','),
  );
  return [header.join(','), ...lines].join('\n') + '\n';
}

/** The table for a terminal: aligned columns, short names as headers, "—" for nothing. */
export function tableText(table: SweepTable): string {
  const header = [
    '#',
    'trial',
    ...table.keys.map(shortName),
    'episodes',
    'solved at',
    'best avg100',
    'final avg100',
    'best eval',
    'landed',
    's',
  ];
  const cells = table.rows.map((r) => [
    String(r.rank),
    r.trial,
    ...table.keys.map((k) => String(r.settings[k])),
    String(r.episodes),
    r.solvedAt === null ? '—' : String(r.solvedAt),
    r.bestAvg100 === null ? '—' : r.bestAvg100.toFixed(1),
    r.finalAvg100.toFixed(1),
    r.bestEval === null ? '—' : r.bestEval.toFixed(1),
    r.landingRate === null ? '—' : `${Math.round(r.landingRate * 100)}%`,
    r.seconds === null ? '—' : r.seconds.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  return [header, ...cells]
    .map((line) =>
      line
        .map((c, i) => c.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
