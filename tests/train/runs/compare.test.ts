/** Runs for comparison: from checkpoints and picked files, aligned on one episode axis. */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src/config/presets';
import { alignRuns, fromCheckpoint } from '../../../src/train/runs/comparedRun';
import { EpisodeHistory, historyCsv } from '../../../src/train/runs/history';
import { readPickedRun } from '../../../src/train/runs/importRun';
import type { PickedFile } from '../../../src/train/runs/importRun';
import type { SessionCheckpoint } from '../../../src/train/runs/savedRun';
import type { EpisodeReport } from '../../../src/train/loop/reports';

const report = (i: number): EpisodeReport => ({
  episode: i + 1,
  return: i * 10,
  length: 100,
  epsilon: 1 - i / 10,
  avg100: i * 5,
  loss: null,
  meanMaxQ: null,
  envSteps: 100 * (i + 1),
  updates: 0,
  stepsPerSecond: 1000,
});
const file = (name: string, text: string): PickedFile => ({
  name,
  size: text.length,
  text: async () => text,
});

describe('compared runs', () => {
  it('reads curves and (issue 9) evaluations from a checkpoint; none when it has none', () => {
    const history = new EpisodeHistory();
    [0, 1, 2].forEach((i) => history.push(report(i)));
    const trainer = { config: { ...PRESETS.fast.config, seed: 4 } } as SessionCheckpoint['trainer'];
    const plain = fromCheckpoint('a', 'A', { trainer, history: history.save() });
    expect(plain).toMatchObject({
      preset: 'fast',
      evaluations: [],
      curves: { episode: [1, 2, 3], avg100: [0, 5, 10] },
    });
    const evaluated = {
      ...trainer,
      evaluations: [
        {
          episode: 2,
          episodes: 10,
          mean: 150,
          std: 3,
          landingRate: 0.5,
          outcomes: { landed: 5, crashed: 5, out_of_bounds: 0, time_limit: 0 },
        },
      ],
    };
    expect(fromCheckpoint('b', 'B', { trainer: evaluated, history: history.save() }).evaluations).toEqual([
      { episode: 2, mean: 150, landingRate: 0.5 },
    ]);
  });

  it('aligns runs of different lengths and their evaluation points on one axis, null where absent', () => {
    const a = {
      curves: { episode: [1, 2, 3], return: [0, 0, 0], avg100: [1, 2, 3], epsilon: [1, 0.9, 0.8] },
      evaluations: [],
    };
    const b = {
      curves: { episode: [1, 2], return: [0, 0], avg100: [5, 6], epsilon: [1, 0.5] },
      evaluations: [{ episode: 4, mean: 99, landingRate: 1 }],
    };
    expect(alignRuns([a, b])).toEqual({
      episode: [1, 2, 3, 4],
      runs: [
        { avg100: [1, 2, 3, null], epsilon: [1, 0.9, 0.8, null], evaluation: [null, null, null, null] },
        { avg100: [5, 6, null, null], epsilon: [1, 0.5, null, null], evaluation: [null, null, null, 99] },
      ],
    });
  });

  it('imports a command-line run from its picked files, refusing incomplete or foreign picks', async () => {
    const config = file('config.json', JSON.stringify({ preset: 'lab', gamma: 0.99 }));
    const history = file('history.csv', historyCsv([report(0), report(1)]));
    const ok = await readPickedRun([history, config]);
    expect(ok.ok && [ok.value.config.gamma, ok.value.curves.episode]).toEqual([0.99, [1, 2]]);
    const err = async (files: PickedFile[]) => {
      const r = await readPickedRun(files);
      return r.ok ? null : r.error;
    };
    expect(await err([history])).toBe(
      'a run needs its config.json and history.csv together; config.json missing',
    );
    expect(await err([config, history, file('model.json', '{}')])).toMatch(
      /model.json is not part of a run folder/,
    );
    expect(await err([config, history, file('other.csv', '')])).toMatch(
      /history.csv and other.csv are both a history file/,
    );
    expect(await err([config, { ...history, size: 1e9 }])).toMatch(
      /history.csv is 1000000000 bytes; a run file is at most/,
    );
    expect(await err([config, file('history.csv', 'episode,return\n')])).toMatch(
      /history.csv lacks the columns avg100, epsilon/,
    );
  });
});
