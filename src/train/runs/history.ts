/**
 * The episode history as CSV, the same for the page's download and the command line's history.csv; and
 * the greedy evaluations as their own CSV (evaluations.csv), one row per evaluation with its confirmation.
 */
import type { EvaluationReport, GreedyReport } from '../loop/evaluation';
import type { EpisodeReport } from '../loop/reports';

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

const EVALUATION_COLUMNS = [
  'episode',
  'episodes',
  'mean',
  'std',
  'landingRate',
  'landed',
  'crashed',
  'out_of_bounds',
  'time_limit',
] as const;

/** A candidate's confirmation (evaluation.ts), after the evaluation's columns; empty cells where none ran. */
const CONFIRMATION_COLUMNS = {
  confirmEpisodes: (c: GreedyReport) => c.episodes,
  confirmMean: (c: GreedyReport) => c.mean,
  confirmStd: (c: GreedyReport) => c.std,
  confirmLandingRate: (c: GreedyReport) => c.landingRate,
  confirmLanded: (c: GreedyReport) => c.outcomes.landed,
  confirmCrashed: (c: GreedyReport) => c.outcomes.crashed,
  confirmOutOfBounds: (c: GreedyReport) => c.outcomes.out_of_bounds,
  confirmTimeLimit: (c: GreedyReport) => c.outcomes.time_limit,
};

/**
 * Evaluation reports as CSV, one row each, the outcome counts in columns of their own, then the figures of
 * the candidate's confirmation where it had one.
 */
export function evaluationsCsv(evaluations: readonly EvaluationReport[]): string {
  const confirmation = Object.values(CONFIRMATION_COLUMNS);
  const row = (e: EvaluationReport) => {
    const flat = { ...e, ...e.outcomes } as Record<(typeof EVALUATION_COLUMNS)[number], number>;
    const c = e.confirmation;
    return [
      ...EVALUATION_COLUMNS.map((k) => String(flat[k])),
      ...confirmation.map((f) => (c ? String(f(c)) : '')),
    ].join(',');
  };
  const header = [...EVALUATION_COLUMNS, ...Object.keys(CONFIRMATION_COLUMNS)].join(',');
  return [header, ...evaluations.map(row)].join('\n');
}

const NUMBERS = [
  'episode',
  'return',
  'length',
  'epsilon',
  'avg100',
  'loss',
  'meanMaxQ',
  'envSteps',
  'updates',
  'stepsPerSecond',
] as const;
type NumberKey = (typeof NUMBERS)[number];
const OUTCOMES = ['', 'landed', 'crashed', 'out_of_bounds', 'time_limit'];

/** A history as plain typed arrays (for checkpoints): NaN where a loss or max-Q was not measured. */
export interface SavedHistory {
  columns: Record<NumberKey, Float64Array>;
  /** Index into landed, crashed, out_of_bounds, time_limit, plus one; 0 when none was reported. */
  outcomes: Uint8Array;
}

/**
 * Every episode's report, kept as columns of numbers: ~90 bytes an episode off the JS heap, where an
 * object per episode costs ~160 on it, and a run at full speed ends tens of thousands of episodes.
 */
export class EpisodeHistory {
  private columns = Object.fromEntries(NUMBERS.map((k) => [k, new Float64Array(256)])) as Record<
    NumberKey,
    Float64Array
  >;
  private outcomes = new Uint8Array(256);
  length = 0;

  push(r: EpisodeReport): void {
    if (this.length === this.outcomes.length) this.grow(2 * this.length);
    for (const k of NUMBERS) this.columns[k][this.length] = r[k] ?? NaN;
    this.outcomes[this.length] = OUTCOMES.indexOf(r.outcome ?? '') + 1;
    this.length++;
  }

  at(i: number): EpisodeReport {
    const n = (k: NumberKey) => this.columns[k][i];
    const orNull = (v: number) => (Number.isNaN(v) ? null : v);
    const outcome = OUTCOMES[this.outcomes[i] - 1];
    return {
      episode: n('episode'),
      return: n('return'),
      length: n('length'),
      ...(outcome ? { outcome } : {}),
      epsilon: n('epsilon'),
      avg100: n('avg100'),
      loss: orNull(n('loss')),
      meanMaxQ: orNull(n('meanMaxQ')),
      envSteps: n('envSteps'),
      updates: n('updates'),
      stepsPerSecond: n('stepsPerSecond'),
    };
  }

  reports(): EpisodeReport[] {
    return Array.from({ length: this.length }, (_, i) => this.at(i));
  }

  clear(): void {
    this.length = 0;
  }

  save(): SavedHistory {
    return {
      columns: Object.fromEntries(NUMBERS.map((k) => [k, this.columns[k].slice(0, this.length)])) as Record<
        NumberKey,
        Float64Array
      >,
      outcomes: this.outcomes.slice(0, this.length),
    };
  }

  /** A history from `save()`'s result; throws if its columns do not line up. */
  static load(saved: SavedHistory): EpisodeHistory {
    const length = saved?.outcomes?.length;
    if (
      !Number.isInteger(length) ||
      !NUMBERS.every((k) => saved.columns?.[k] instanceof Float64Array && saved.columns[k].length === length)
    ) {
      throw new Error('its episode history is incomplete or inconsistent');
    }
    const history = new EpisodeHistory();
    history.grow(Math.max(256, length));
    for (const k of NUMBERS) history.columns[k].set(saved.columns[k]);
    history.outcomes.set(saved.outcomes);
    history.length = length;
    return history;
  }

  /** The best mean of 100 over episodes 100 on (null before then). */
  static bestAvg100(saved: SavedHistory): number | null {
    let best: number | null = null;
    const { episode, avg100 } = saved.columns;
    for (let i = 0; i < episode.length; i++) {
      if (episode[i] >= 100 && (best === null || avg100[i] > best)) best = avg100[i];
    }
    return best;
  }

  private grow(size: number): void {
    for (const k of NUMBERS) {
      const bigger = new Float64Array(size);
      bigger.set(this.columns[k].subarray(0, this.length));
      this.columns[k] = bigger;
    }
    const outcomes = new Uint8Array(size);
    outcomes.set(this.outcomes.subarray(0, this.length));
    this.outcomes = outcomes;
  }
}
