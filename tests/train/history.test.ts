/** The compact episode history gives back exactly the reports it was given. */
import { describe, expect, it } from 'vitest';
import { EpisodeHistory, historyCsv } from '../../src/train/history';
import type { EpisodeReport } from '../../src/train/trainer';

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
