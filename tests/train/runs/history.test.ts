/** The compact episode history gives back exactly the reports it was given. */
import { describe, expect, it } from 'vitest';
import { EpisodeHistory, evaluationsCsv, historyCsv } from '../../../src/train/runs/history';
import type { EpisodeReport } from '../../../src/train/loop/reports';

const report = (i: number): EpisodeReport => ({
  episode: i + 1,
  return: -100 + i * 0.37,
  length: 60 + (i % 7),
  ...(i % 5 === 0 ? {} : { outcome: ['landed', 'crashed', 'out_of_bounds', 'time_limit'][i % 4] }),
  epsilon: 0.995 ** i,
  avg100: -50 + i / 10,
  loss: i < 3 ? null : 1 / (i + 1),
  meanMaxQ: i < 3 ? null : i / 3,
  envSteps: 64 * (i + 1),
  updates: 16 * i,
  stepsPerSecond: 3000 + i,
});

describe('episode history', () => {
  it('keeps every report exactly, across growth and a save/load round trip (structured clone)', () => {
    const reports = Array.from({ length: 700 }, (_, i) => report(i));
    const history = new EpisodeHistory();
    reports.forEach((r) => history.push(r));
    expect(history.length).toBe(700);
    expect(history.reports()).toEqual(reports);
    const back = EpisodeHistory.load(structuredClone(history.save()));
    expect(back.reports()).toEqual(reports);
    expect(historyCsv(back.reports())).toBe(historyCsv(reports));
    expect(EpisodeHistory.bestAvg100(history.save())).toBeCloseTo(-50 + 699 / 10, 10);
    history.clear();
    expect(history.reports()).toEqual([]);
  });
});

describe('evaluationsCsv', () => {
  it('writes one row per evaluation, outcome counts in their own columns, then its confirmation’s figures', () => {
    const csv = evaluationsCsv([
      {
        episode: 25,
        episodes: 10,
        mean: -120.5,
        std: 33.25,
        landingRate: 0.2,
        outcomes: { landed: 2, crashed: 7, out_of_bounds: 0, time_limit: 1 },
      },
      {
        episode: 50,
        episodes: 10,
        mean: 210,
        std: 12,
        landingRate: 1,
        outcomes: { landed: 10, crashed: 0, out_of_bounds: 0, time_limit: 0 },
        confirmation: {
          episode: 50,
          episodes: 100,
          mean: 190.5,
          std: 40.25,
          landingRate: 0.91,
          outcomes: { landed: 91, crashed: 6, out_of_bounds: 1, time_limit: 2 },
        },
      },
    ]).split('\n');
    const header =
      'episode,episodes,mean,std,landingRate,landed,crashed,out_of_bounds,time_limit,' +
      'confirmEpisodes,confirmMean,confirmStd,confirmLandingRate,' +
      'confirmLanded,confirmCrashed,confirmOutOfBounds,confirmTimeLimit';
    expect(csv).toEqual([
      header,
      '25,10,-120.5,33.25,0.2,2,7,0,1,,,,,,,,',
      '50,10,210,12,1,10,0,0,0,100,190.5,40.25,0.91,91,6,1,2',
    ]);
    expect(evaluationsCsv([])).toBe(header);
  });
});
