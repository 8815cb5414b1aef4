/** Run folders' files read back: the exact curves written, and every malformed file refused with its reason. */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src/config/presets';
import { historyCsv } from '../../../src/train/runs/history';
import {
  parseConfigJson,
  parseEvaluationsCsv,
  parseHistoryCsv,
  parseRunFiles,
  parseSummaryJson,
} from '../../../src/train/runs/runFiles';
import type { EpisodeReport } from '../../../src/train/loop/reports';

const report = (i: number): EpisodeReport => ({
  episode: i + 1,
  return: -100 + i * 1.5,
  length: 80,
  outcome: 'crashed',
  epsilon: 0.97 ** (i + 1),
  avg100: -100 + i * 0.75,
  loss: i === 0 ? null : 0.5,
  meanMaxQ: null,
  envSteps: 80 * (i + 1),
  updates: 10 * i,
  stepsPerSecond: 1234.5,
});
const error = (r: { ok: boolean; error?: string }) => (r.ok ? null : r.error);

describe('run files', () => {
  it('reads back the history the app writes, empty loss cells and all', () => {
    const reports = Array.from({ length: 5 }, (_, i) => report(i));
    const r = parseHistoryCsv(historyCsv(reports));
    expect(r).toEqual({
      ok: true,
      value: {
        episode: reports.map((x) => x.episode),
        return: reports.map((x) => x.return),
        avg100: reports.map((x) => x.avg100),
        epsilon: reports.map((x) => x.epsilon),
      },
    });
  });

  it('refuses a malformed history naming the line and the column', () => {
    const good = historyCsv([report(0), report(1)]);
    expect(error(parseHistoryCsv(''))).toBe('history.csv is empty');
    expect(error(parseHistoryCsv('episode,return\n1,2'))).toBe(
      'history.csv lacks the columns avg100, epsilon',
    );
    expect(error(parseHistoryCsv(good.replace('-98.5', 'abc')))).toMatch(
      /line 3: return is “abc”, not a number/,
    );
    expect(error(parseHistoryCsv(good.split('\n')[0]))).toBe('history.csv holds no episodes');
    const swapped = good.split('\n');
    expect(error(parseHistoryCsv([swapped[0], swapped[2], swapped[1]].join('\n')))).toMatch(
      /line 3: episode 1 does not follow 2/,
    );
    expect(error(parseHistoryCsv(`${good}\n3,1`))).toMatch(/line 4: 2 cells where the header has 11/);
  });

  it('checks config.json against the hyperparameter table, over its preset', () => {
    expect(parseConfigJson(JSON.stringify({ preset: 'fast', gamma: 0.99 }))).toEqual({
      ok: true,
      value: { preset: 'fast', config: { ...PRESETS.fast.config, gamma: 0.99 } },
    });
    expect(error(parseConfigJson('{'))).toMatch(/^config.json is not JSON/);
    expect(error(parseConfigJson('[]'))).toBe('config.json should hold an object of settings');
    expect(error(parseConfigJson('{"preset":"turbo"}'))).toBe(
      'config.json: "preset" should be one of lab, fast, rainbow-lite',
    );
    expect(error(parseConfigJson('{"preset":"lab","gamma":3}'))).toMatch(
      /Discount γ must be a number from 0/,
    );
    expect(error(parseConfigJson('{"preset":"lab","colour":"red"}'))).toMatch(
      /unknown hyperparameter “colour”/,
    );
  });

  it('reads evaluations and summaries where present (issue 9’s files), refusing nonsense', () => {
    const csv =
      'episode,episodes,mean,std,landingRate,landed,crashed,out_of_bounds,time_limit\n50,10,120.5,30,0.4,4,6,0,0\n';
    expect(parseEvaluationsCsv(csv)).toEqual({
      ok: true,
      value: [{ episode: 50, mean: 120.5, landingRate: 0.4 }],
    });
    expect(error(parseEvaluationsCsv(csv.replace('0.4', '1.4')))).toMatch(
      /landingRate 1.4 is not in \[0, 1\]/,
    );
    expect(
      parseSummaryJson(
        JSON.stringify({
          solved: true,
          seconds: 12.5,
          best: { episode: 50, evalMean: 210, landingRate: 0.9, model: 'x' },
        }),
      ),
    ).toEqual({
      ok: true,
      value: {
        solved: true,
        proven: null,
        seconds: 12.5,
        best: { episode: 50, evalMean: 210, landingRate: 0.9 },
      },
    });
    expect(parseSummaryJson('{"solved":false,"best":null}')).toEqual({
      ok: true,
      value: { solved: false, proven: null, seconds: null, best: null },
    });
    expect(error(parseSummaryJson('nope'))).toMatch(/^summary.json is not JSON/);
  });

  it('reads the confirmations and the solved and proven reports of files written since they exist', () => {
    const csv = [
      'episode,episodes,mean,std,landingRate,landed,crashed,out_of_bounds,time_limit,confirmEpisodes,confirmMean,confirmStd,confirmLandingRate,confirmLanded,confirmCrashed,confirmOutOfBounds,confirmTimeLimit',
      '25,10,-120.5,33.25,0.2,2,7,0,1,100,-150,20,0.1,10,88,2,0',
      '50,10,-130,12,0,0,10,0,0,,,,,,,,',
    ].join('\n');
    expect(parseEvaluationsCsv(csv)).toEqual({
      ok: true,
      value: [
        { episode: 25, mean: -120.5, landingRate: 0.2, confirmMean: -150, confirmLandingRate: 0.1 },
        { episode: 50, mean: -130, landingRate: 0 },
      ],
    });
    expect(error(parseEvaluationsCsv(csv.replace(',0.1,10,', ',1.1,10,')))).toMatch(
      /line 2: confirmLandingRate 1.1 is not in \[0, 1\]/,
    );
    expect(error(parseEvaluationsCsv(csv.replace(',-150,', ',x,')))).toMatch(
      /line 2: confirmMean is “x”, not a number/,
    );
    expect(error(parseEvaluationsCsv(csv.replace(',-150,', ',,')))).toMatch(
      /line 2: a confirmation needs both/,
    );
    const solved = { episode: 300, envSteps: 120_000, seconds: 12.5 };
    expect(
      parseSummaryJson(
        JSON.stringify({
          solved,
          proven: { ...solved, episode: 350 },
          seconds: 20,
          best: { episode: 325, evalMean: 230, landingRate: 1, confirmMean: 221, confirmLandingRate: 0.95 },
        }),
      ),
    ).toEqual({
      ok: true,
      value: {
        solved: true,
        proven: true,
        seconds: 20,
        best: { episode: 325, evalMean: 230, landingRate: 1, confirmMean: 221, confirmLandingRate: 0.95 },
      },
    });
    expect(parseSummaryJson('{"solved":null,"proven":null}')).toMatchObject({
      ok: true,
      value: { solved: false, proven: false },
    });
    const run = parseRunFiles({
      config: '{"preset":"lab"}',
      history: historyCsv([report(0)]),
      evaluations: null,
      summary: null,
    });
    expect(run.ok && [run.value.evaluations, run.value.summary]).toEqual([[], null]);
  });
});
