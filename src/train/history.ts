/** The episode history as CSV, the same for the page's download and the command line's history.csv. */
import type { EpisodeReport } from './trainer';

const CSV_COLUMNS = [
  'episode',
  'return',
  'length',
  'outcome',
  'epsilon',
  'avg100',
  'loss',
  'meanMaxQ',
  'envSteps',
  'updates',
  'stepsPerSecond',
] as const;

/** Episode reports as CSV, one row each. */
export function historyCsv(history: readonly EpisodeReport[]): string {
  const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v));
  return [CSV_COLUMNS.join(','), ...history.map((r) => CSV_COLUMNS.map((c) => cell(r[c])).join(','))].join(
    '\n',
  );
}
