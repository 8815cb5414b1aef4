/**
 * Evaluations on a thread of their own give exactly what they give in line: the same evaluations, best
 * model, proof and stopping episode, however the thread's timing falls, and a checkpoint taken with jobs in
 * flight resumes to the same run either way. (The page's second Web Worker shares the thread's code:
 * tests/e2e/reproducible.test.ts holds it to the command line's.)
 */
import { availableParallelism } from 'node:os';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/hyperparameters';
import type { Config } from '../../../src/config/hyperparameters';
import { nodeEvaluations, ThreadEvaluations } from '../../../src/train/cli/threadEvaluations';
import { envOptions } from '../../../src/train/loop/evaluation';
import { runJob } from '../../../src/train/loop/evaluationJob';
import { InlineEvaluations } from '../../../src/train/loop/evaluationRunner';
import { Evaluator } from '../../../src/train/loop/evaluator';
import { ThreadedEvaluations } from '../../../src/train/loop/threadedEvaluations';
import type { JobMessage } from '../../../src/train/loop/threadedEvaluations';
import { Trainer } from '../../../src/train/loop/trainer';

const SMALL: Config = {
  ...defaultConfig(),
  hidden1: 16,
  hidden2: 16,
  batchSize: 32,
  replaySize: 3000,
  maxEpisodeSteps: 200,
  numEnvs: 2,
  epsilonDecay: 0.9,
  seed: 3,
  evalEvery: 2,
  evalEpisodes: 3,
  // A confirmation that lands none ends at its 7th of 60 moons (90% out of reach): jobs stay in flight
  // across episodes, as these tests need.
  confirmEpisodes: 60,
  maxEpisodes: 24,
  stopWhen: 'budget',
};

const threaded = () => {
  const runner = new ThreadEvaluations();
  return { runner, evaluator: new Evaluator(runner) };
};

/** What a run's evaluations decided, to compare two runs. */
function outcome(t: Trainer) {
  return {
    episodes: t.episodes,
    returns: t.returns,
    evaluations: t.evaluations,
    best: t.best && { report: t.best.report, weights: Array.from(t.best.weights) },
    proven: t.proven && { episode: t.proven.episode, confirmation: t.proven.confirmation },
    inFlight: t.evaluating,
  };
}

describe('evaluations on a thread of their own', () => {
  it('give the same evaluations, best model and stopping episode as in line (stopWhen budget)', () => {
    const inline = new Trainer(SMALL);
    inline.train();
    const { runner, evaluator } = threaded();
    const thread = new Trainer(SMALL, { evaluator });
    thread.train();
    expect(runner.mode).toBe('threaded');
    expect(runner.problem).toBeNull();
    expect(inline.evaluations.length).toBeGreaterThan(8);
    expect(inline.evaluations.some((e) => e.confirmation)).toBe(true);
    // The run waited for the ones in flight as it stopped, and applied them.
    expect(inline.evaluating).toBe(false);
    expect(outcome(thread)).toEqual(outcome(inline));
    inline.dispose();
    thread.dispose();
  });

  it('stop where in line stops when the run is solved (stopWhen solved), jobs in flight applied', () => {
    const start = new Trainer(SMALL);
    start.runEpisodes(5);
    const solvedAlready = structuredClone({
      ...start.checkpoint(),
      config: { ...SMALL, stopWhen: 'solved' as const },
      solved: { episode: 5, envSteps: start.envSteps, seconds: 0 },
    });
    start.dispose();
    expect(solvedAlready.evaluationsInFlight!.length).toBeGreaterThan(0);
    const inline = Trainer.resume(solvedAlready);
    inline.train();
    const thread = Trainer.resume(solvedAlready, threaded());
    thread.train();
    expect(inline.episodes).toBe(5);
    expect(inline.evaluating).toBe(false);
    expect(outcome(thread)).toEqual(outcome(inline));
    inline.dispose();
    thread.dispose();
  });

  it('resume from a checkpoint taken with jobs in flight to the same run, threaded or in line', () => {
    const whole = new Trainer(SMALL);
    whole.train();
    const { evaluator } = threaded();
    const first = new Trainer(SMALL, { evaluator });
    first.runEpisodes(11);
    // Taken with the thread somewhere in the job begun at episode 10 (or done with it, unread).
    const saved = structuredClone(first.checkpoint());
    expect(saved.evaluationsInFlight!.length).toBeGreaterThan(0);
    first.dispose();
    for (const options of [{}, threaded()]) {
      const resumed = Trainer.resume(saved, options);
      resumed.train();
      expect(outcome(resumed)).toEqual(outcome(whole));
      resumed.dispose();
    }
    whole.dispose();
  });

  it('fall back to flying in line when the thread fails, with the same results', () => {
    /** A thread that fails at its first job. */
    class FailingThread extends ThreadedEvaluations {
      protected send({ id }: JobMessage): void {
        this.receive({ kind: 'error', id, message: 'out of memory' });
      }
      protected stop(): void {}
    }
    const runner = new FailingThread();
    const t = new Trainer({ ...SMALL, maxEpisodes: 8 }, { evaluator: new Evaluator(runner) });
    // Its runner cannot wait, as the page's cannot: the host flies the fallback in slices.
    const inline = new Trainer({ ...SMALL, maxEpisodes: 8 }, { waitForEvaluation: false });
    for (const x of [t, inline]) {
      while (!x.finished) {
        if (!x.awaitingEvaluation) x.step();
        else if (!x.settleEvaluations()) x.flyEvaluation(50);
      }
    }
    expect(runner.mode).toBe('in-line');
    expect(runner.problem).toMatch(/out of memory/);
    expect(outcome(t)).toEqual(outcome(inline));
    t.dispose();
    inline.dispose();
  });

  it('fly a job to the same bits as in line, and auto chooses a thread where there are two cores', () => {
    const t = new Trainer({ ...SMALL, evalEvery: 0 });
    t.runEpisodes(6);
    const job = {
      episode: 6,
      weights: t.agent.weights('online'),
      shape: t.agent.shape,
      env: envOptions(SMALL),
      evalEpisodes: 4,
      confirmEpisodes: 5,
      best: null,
    };
    const expected = runJob(job);
    expect(expected.steps).toBeGreaterThan(4);
    for (const runner of [new ThreadEvaluations(), new InlineEvaluations()]) {
      runner.submit(0, job);
      let result = runner.poll(0);
      while (!result) {
        runner.wait(0);
        expect(runner.progress(0)).toBeLessThanOrEqual(expected.steps);
        result = runner.poll(0);
      }
      expect(result).toEqual(expected);
      runner.dispose();
    }
    t.dispose();
    expect(nodeEvaluations('in-line').mode).toBe('in-line');
    const auto = nodeEvaluations('auto');
    expect(auto.mode).toBe(availableParallelism() >= 2 ? 'threaded' : 'in-line');
    auto.dispose();
  });
});
