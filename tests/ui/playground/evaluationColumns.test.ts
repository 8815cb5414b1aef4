import { describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../../src/train/loop/evaluation';
import { addEvaluations } from '../../../src/ui/playground/evaluationColumns';

const report = (episode: number, mean: number): EvaluationReport => ({
  episode,
  episodes: 10,
  mean,
  std: 5,
  landingRate: mean >= 200 ? 1 : 0,
  outcomes: { landed: mean >= 200 ? 10 : 0, crashed: mean >= 200 ? 0 : 10, out_of_bounds: 0, time_limit: 0 },
});

describe('evaluations on the chart', () => {
  it('sit at the row of their episode, and the first greedy mean of 200 is the milestone', () => {
    const columns = {
      episode: [1, 2, 3, 4, 5, 6],
      evalMean: Array(6).fill(null),
      evalStd: Array(6).fill(null),
    };
    const lands = addEvaluations(columns, [report(2, -50), report(4, 210)], null);
    expect(columns.evalMean).toEqual([null, -50, null, 210, null, null]);
    expect(columns.evalStd).toEqual([null, 5, null, 5, null, null]);
    expect(lands).toEqual(report(4, 210));
    // A later, better one does not move the milestone; one below 200 does not set it.
    expect(addEvaluations(columns, [report(6, 250)], lands)).toBe(lands);
    expect(columns.evalMean[5]).toBe(250);
    expect(addEvaluations(columns, [report(5, 199.9)], null)).toBeNull();
  });
});
