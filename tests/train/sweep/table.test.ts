/** The sweep table: the varying settings as columns, and the ranking solved-first, then evaluation, then mean of 100. */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src/config/presets';
import type { RunFiles } from '../../../src/train/runs/runFiles';
import { sweepTable, tableCsv, tableText } from '../../../src/train/sweep/table';

function run(gamma: number, seed: number, avg100: number[], extra: Partial<RunFiles> = {}): RunFiles {
  return {
    preset: 'fast',
    config: { ...PRESETS.fast.config, gamma, seed },
    curves: {
      episode: avg100.map((_, i) => (i + 1) * 50),
      return: avg100,
      avg100,
      epsilon: avg100.map(() => 0.5),
    },
    evaluations: [],
    summary: null,
    ...extra,
  };
}

describe('sweep table', () => {
  it('ranks solved trials by how soon, then by evaluation, then by the best mean of 100', () => {
    const table = sweepTable([
      { name: 'a', run: run(0.98, 0, [-100, 50, 120]) },
      { name: 'b', run: run(0.99, 0, [-100, 150, 210]) },
      { name: 'c', run: run(0.99, 1, [-50, 205, 190]) },
      {
        name: 'd',
        run: run(0.995, 0, [-100, 0, 10], {
          evaluations: [
            { episode: 100, mean: 90, landingRate: 0.3 },
            { episode: 150, mean: 140, landingRate: 0.6 },
          ],
        }),
      },
    ]);
    expect(table.keys).toEqual(['gamma', 'seed']);
    expect(table.rows.map((r) => [r.rank, r.trial, r.solvedAt, r.bestEval])).toEqual([
      [1, 'c', 100, null],
      [2, 'b', 150, null],
      [3, 'd', null, 140],
      [4, 'a', null, null],
    ]);
    expect(table.rows[3]).toMatchObject({
      bestAvg100: 120,
      finalAvg100: 120,
      episodes: 150,
      landingRate: null,
    });
    expect(table.rows[2].landingRate).toBe(0.6);
  });

  it('takes the best evaluation and the wall time from summary.json when there is one', () => {
    const summary = { solved: false, seconds: 33.3, best: { episode: 100, evalMean: 180, landingRate: 0.8 } };
    const table = sweepTable([
      { name: 'x', run: run(0.98, 0, [1], { summary }) },
      { name: 'y', run: run(0.99, 0, [2]) },
    ]);
    expect(table.rows[0]).toMatchObject({
      trial: 'x',
      bestEval: 180,
      landingRate: 0.8,
      seconds: 33.3,
      bestAvg100: null,
    });
    expect(tableCsv(table).split('\n')).toEqual([
      'rank,trial,gamma,episodes,solvedAt,bestAvg100,finalAvg100,bestEval,landingRate,seconds',
      '1,x,0.98,50,,,1,180,0.8,33.3',
      '2,y,0.99,50,,,2,,,',
      '',
    ]);
    expect(tableText(table).split('\n')[0]).toMatch(/^#\s+trial\s+γ\s+episodes/);
  });
});
