/** The pure parts of bench:learn: the seed list it is given, and the table of runs with their quartiles. */
import { quantile } from '../src/train/loop/stats';

/** When a milestone was met: its episode and the training time until then (summary.json's fields). */
export interface Milestone {
  episode: number;
  seconds: number;
}

/** What one seed's training run reported (the train command's --json summary), its wall time and its check. */
export interface SeedRun {
  seed: number;
  /** When the lab's rule was met (null if not): training time, what compares with other trainers. */
  solved: Milestone | null;
  /** When the best model's confirmation cleared the proven bar, the run solved (null if never). */
  proven: Milestone | null;
  episodes: number;
  envSteps: number;
  /** The whole process: start-up, training, the last evaluation, writing files. */
  wallSeconds: number;
  best: { episode: number; evalMean: number; landingRate: number; confirmMean: number | null } | null;
  /**
   * `npm run eval` of the best model on moons that chose nothing (100 from 10,000): what a user who
   * downloads it will see.
   */
  check: { mean: number; landingRate: number } | null;
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

type Column =
  | 'solvedEpisode'
  | 'solvedSeconds'
  | 'provenEpisode'
  | 'provenSeconds'
  | 'wallSeconds'
  | 'confirmMean'
  | 'checkMean'
  | 'checkLandingRate';
const COLUMNS: Column[] = [
  'solvedEpisode',
  'solvedSeconds',
  'provenEpisode',
  'provenSeconds',
  'wallSeconds',
  'confirmMean',
  'checkMean',
  'checkLandingRate',
];
const HEADER = [
  'seed',
  'solved ep',
  'solve s',
  'proven ep',
  'proven s',
  'wall s',
  'confirmed mean',
  'eval mean',
  'eval landed',
];

function value(run: SeedRun, c: Column): number | null {
  switch (c) {
    case 'solvedEpisode':
      return run.solved?.episode ?? null;
    case 'solvedSeconds':
      return run.solved?.seconds ?? null;
    case 'provenEpisode':
      return run.proven?.episode ?? null;
    case 'provenSeconds':
      return run.proven?.seconds ?? null;
    case 'wallSeconds':
      return run.wallSeconds;
    case 'confirmMean':
      return run.best?.confirmMean ?? null;
    case 'checkMean':
      return run.check?.mean ?? null;
    case 'checkLandingRate':
      return run.check?.landingRate ?? null;
  }
}

export interface Spread {
  q1: number;
  median: number;
  q3: number;
  worst: number;
}

/** Median, quartiles and worst (the largest, the lowest for a return or a rate) of each column's runs with a value. */
export function spreads(runs: readonly SeedRun[]): Record<Column, Spread | null> {
  return Object.fromEntries(
    COLUMNS.map((c) => {
      const xs = runs.map((r) => value(r, c)).filter((v): v is number => v !== null);
      const higherIsBetter = c === 'confirmMean' || c === 'checkMean' || c === 'checkLandingRate';
      return [
        c,
        xs.length
          ? {
              q1: quantile(xs, 0.25),
              median: quantile(xs, 0.5),
              q3: quantile(xs, 0.75),
              worst: higherIsBetter ? Math.min(...xs) : Math.max(...xs),
            }
          : null,
      ];
    }),
  ) as Record<Column, Spread | null>;
}

function cells(c: Column, v: number | null): string {
  if (v === null) return '—';
  if (c === 'checkLandingRate') return `${(100 * v).toFixed(0)}%`;
  if (c === 'solvedEpisode' || c === 'provenEpisode') return String(Math.round(v));
  return v.toFixed(1);
}

/**
 * The runs as a plain-text table, then the quartile and worst rows; the median row's first cell counts the
 * seeds solved and proven, and the worst row's the seeds whose check is ≥ 200 with ≥ `landedBar` landed.
 */
export function formatTable(runs: readonly SeedRun[], landedBar = 0.85): string {
  const rows = runs.map((r) => [String(r.seed), ...COLUMNS.map((c) => cells(c, value(r, c)))]);
  const s = spreads(runs);
  const solved = runs.filter((r) => r.solved).length;
  const proven = runs.filter((r) => r.proven).length;
  const passing = runs.filter((r) => r.check && r.check.mean >= 200 && r.check.landingRate >= landedBar);
  const stat = (label: string, pick: keyof Spread) => [
    label,
    ...COLUMNS.map((c) => cells(c, s[c]?.[pick] ?? null)),
  ];
  const all = [
    HEADER,
    ...rows,
    stat('25%', 'q1'),
    stat('median', 'median'),
    stat('75%', 'q3'),
    stat('worst', 'worst'),
  ];
  const widths = HEADER.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r.map((cell, i) => (i < 1 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [
    line(all[0]),
    rule,
    ...all.slice(1, rows.length + 1).map(line),
    rule,
    ...all.slice(rows.length + 1).map(line),
    '',
    `${solved}/${runs.length} solved, ${proven}/${runs.length} proven; ` +
      `${passing.length}/${runs.length} best models fly ≥ 200 with ≥ ${(100 * landedBar).toFixed(0)}% landed on 100 unseen moons`,
  ].join('\n');
}
