/** The pure parts of bench:learn: the seed list it is given, and the table of runs with their quartiles. */
import { quantile } from '../src/train/loop/stats';

/** What one seed's training run reported (the train command's --json summary, plus its wall time). */
export interface SeedRun {
  seed: number;
  solved: boolean;
  episodes: number;
  envSteps: number;
  /** Training time until the lab's rule was met (null if not solved): what compares with other trainers. */
  solveSeconds: number | null;
  /** The whole process: start-up, training, the last evaluation, writing files. */
  wallSeconds: number;
  best: { episode: number; evalMean: number; landingRate: number } | null;
}

const MAX_SEED = 2 ** 31 - 1;

/** "0-9", "3", "0,2,5-7": the seeds in the order given, each once; throws saying what is wrong. */
export function parseSeeds(text: string): number[] {
  const seeds: number[] = [];
  for (const part of text.split(',')) {
    const m = /^\s*(\d+)\s*(?:-\s*(\d+)\s*)?$/.exec(part);
    if (!m) throw new Error(`--seeds takes seeds and ranges such as 0-9 or 0,2,5-7; got “${text}”`);
    const from = Number(m[1]);
    const to = m[2] === undefined ? from : Number(m[2]);
    if (to < from) throw new Error(`--seeds: the range ${from}-${to} runs backwards`);
    if (to > MAX_SEED) throw new Error(`--seeds: a seed is at most ${MAX_SEED}; got ${to}`);
    if (to - from >= 10_000) throw new Error(`--seeds: ${to - from + 1} seeds is more than a bench runs`);
    for (let s = from; s <= to; s++) if (!seeds.includes(s)) seeds.push(s);
  }
  return seeds;
}

type Column = 'episodes' | 'envSteps' | 'solveSeconds' | 'wallSeconds' | 'evalMean' | 'landingRate';
const COLUMNS: Column[] = ['episodes', 'envSteps', 'solveSeconds', 'wallSeconds', 'evalMean', 'landingRate'];

function value(run: SeedRun, c: Column): number | null {
  if (c === 'evalMean') return run.best?.evalMean ?? null;
  if (c === 'landingRate') return run.best?.landingRate ?? null;
  return run[c];
}

export interface Spread {
  q1: number;
  median: number;
  q3: number;
}

/** Median and quartiles of each column over the runs (a column's runs without a value left out). */
export function spreads(runs: readonly SeedRun[]): Record<Column, Spread | null> {
  return Object.fromEntries(
    COLUMNS.map((c) => {
      const xs = runs.map((r) => value(r, c)).filter((v): v is number => v !== null);
      return [
        c,
        xs.length ? { q1: quantile(xs, 0.25), median: quantile(xs, 0.5), q3: quantile(xs, 0.75) } : null,
      ];
    }),
  ) as Record<Column, Spread | null>;
}

const HEADER = [
  'seed',
  'solved',
  'episodes',
  'env steps',
  'solve s',
  'wall s',
  'best eval mean',
  'landing rate',
];

function cells(c: Column, v: number | null): string {
  if (v === null) return '—';
  if (c === 'landingRate') return `${(100 * v).toFixed(0)}%`;
  if (c === 'evalMean' || c === 'wallSeconds' || c === 'solveSeconds') return v.toFixed(1);
  return Math.round(v).toLocaleString('en-US');
}

/** The runs as a plain-text table, then the 25%, median and 75% rows. */
export function formatTable(runs: readonly SeedRun[]): string {
  const rows = runs.map((r) => [
    String(r.seed),
    r.solved ? 'yes' : 'no',
    ...COLUMNS.map((c) => cells(c, value(r, c))),
  ]);
  const s = spreads(runs);
  const solved = runs.filter((r) => r.solved).length;
  const stat = (label: string, pick: keyof Spread, first: string) => [
    label,
    first,
    ...COLUMNS.map((c) => cells(c, s[c]?.[pick] ?? null)),
  ];
  const all = [
    HEADER,
    ...rows,
    stat('25%', 'q1', ''),
    stat('median', 'median', `${solved}/${runs.length}`),
    stat('75%', 'q3', ''),
  ];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [
    line(all[0]),
    rule,
    ...all.slice(1, rows.length + 1).map(line),
    rule,
    ...all.slice(rows.length + 1).map(line),
  ].join('\n');
}
