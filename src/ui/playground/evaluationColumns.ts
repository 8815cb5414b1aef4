/** Greedy evaluations into the chart's episode columns, and the stricter milestone: a greedy mean of 200. */
import { SOLVED_RETURN } from '../../config/courseRule';
import type { EvaluationReport } from '../../train/host/protocol';

interface Columns {
  episode: number[];
  evalMean: (number | null)[];
  evalStd: (number | null)[];
}

/**
 * Puts each evaluation at the row of the episode after which it ran (rows that have no evaluation hold
 * null), and returns the first evaluation whose mean reached 200: `greedyLands` if already set, else the
 * first such one among `evaluations`, else null.
 */
export function addEvaluations(
  columns: Columns,
  evaluations: readonly EvaluationReport[],
  greedyLands: EvaluationReport | null,
): EvaluationReport | null {
  for (const e of evaluations) {
    const i = columns.episode.lastIndexOf(e.episode);
    if (i >= 0) {
      columns.evalMean[i] = e.mean;
      columns.evalStd[i] = e.std;
    }
    if (!greedyLands && e.mean >= SOLVED_RETURN) greedyLands = e;
  }
  return greedyLands;
}
