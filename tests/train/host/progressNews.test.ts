/** What each progress carries of what happened since the last: once each, or the whole run when replaced. */
import { describe, expect, it } from 'vitest';
import type { EvaluationReport } from '../../../src/train/loop/evaluation';
import type { EpisodeReport } from '../../../src/train/loop/reports';
import { EpisodeHistory } from '../../../src/train/runs/history';
import { ProgressNews } from '../../../src/train/host/progressNews';

const episode = (n: number): EpisodeReport => ({
  episode: n,
  return: -100 + n,
  length: 80,
  outcome: 'crashed',
  epsilon: 0.9,
  avg100: -100,
  loss: null,
  meanMaxQ: null,
  envSteps: 80 * n,
  updates: 0,
  stepsPerSecond: 1000,
});
const evaluation = (n: number): EvaluationReport => ({
  episode: n,
  episodes: 1,
  mean: -50,
  std: 0,
  landingRate: 0,
  outcomes: { landed: 0, crashed: 1, out_of_bounds: 0, time_limit: 0 },
});

describe('progress news', () => {
  it('carries each episode, evaluation, solve, proof and fault once', () => {
    const news = new ProgressNews();
    const history = new EpisodeHistory();
    news.episode(episode(1));
    news.episode(episode(2));
    news.evaluation(evaluation(2));
    news.solve({ episode: 2, envSteps: 160, seconds: 1 });
    news.prove({ episode: 2, envSteps: 160, seconds: 1.5, confirmation: evaluation(2) });
    news.failed('Training diverged.');
    expect(news.take(history, [])).toEqual({
      episodes: [episode(1), episode(2)],
      evaluations: [evaluation(2)],
      replaced: false,
      fault: 'Training diverged.',
      solved: { episode: 2, envSteps: 160, seconds: 1 },
      proven: { episode: 2, envSteps: 160, seconds: 1.5, confirmation: evaluation(2) },
    });
    expect(news.take(history, [])).toEqual({
      episodes: [],
      evaluations: [],
      replaced: false,
      fault: null,
      solved: null,
      proven: null,
    });
  });

  it('after a replaced history carries the whole of it and every evaluation, once', () => {
    const news = new ProgressNews();
    const history = new EpisodeHistory();
    for (const n of [1, 2, 3]) history.push(episode(n));
    news.episode(episode(9));
    news.historyReplaced();
    const taken = news.take(history, [evaluation(2)]);
    expect(taken.replaced).toBe(true);
    expect(taken.episodes.map((e) => e.episode)).toEqual([1, 2, 3]);
    expect(taken.evaluations).toEqual([evaluation(2)]);
    expect(news.take(history, [evaluation(2)])).toMatchObject({
      replaced: false,
      episodes: [],
      evaluations: [],
    });
  });

  it('forgets a replaced run’s reports, but not a fault or a replaced history', () => {
    const news = new ProgressNews();
    news.episode(episode(1));
    news.evaluation(evaluation(1));
    news.solve({ episode: 1, envSteps: 80, seconds: 1 });
    news.prove({ episode: 1, envSteps: 80, seconds: 1, confirmation: evaluation(1) });
    news.failed('Training diverged.');
    news.historyReplaced();
    news.forgetRun();
    const taken = news.take(new EpisodeHistory(), []);
    expect(taken).toEqual({
      episodes: [],
      evaluations: [],
      replaced: true,
      fault: 'Training diverged.',
      solved: null,
      proven: null,
    });
  });
});
