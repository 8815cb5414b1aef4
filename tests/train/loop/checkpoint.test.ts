/** Checkpoints: a resumed run carries on exactly as an uninterrupted one; bad checkpoints are refused. */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/hyperparameters';
import type { Config } from '../../../src/config/hyperparameters';
import { CHECKPOINT_VERSION, CheckpointError } from '../../../src/train/loop/checkpoint';
import { Evaluator } from '../../../src/train/loop/evaluator';
import { Trainer } from '../../../src/train/loop/trainer';
import { ReplayBuffer } from '../../../src/agent/replayBuffer';

const SMALL: Config = {
  ...defaultConfig(),
  hidden1: 16,
  hidden2: 16,
  batchSize: 32,
  replaySize: 3000,
  maxEpisodeSteps: 150,
  numEnvs: 2,
  epsilonDecay: 0.9,
  seed: 3,
  confirmEpisodes: 5,
};

const weights = (t: Trainer) => t.agent.qNetwork.getWeights().flatMap((w) => Array.from(w.dataSync()));

describe('checkpoints', () => {
  it('resume mid-episode and give the same returns, updates and weights as an uninterrupted run', () => {
    const whole = new Trainer(SMALL);
    whole.runEpisodes(30);

    const first = new Trainer(SMALL);
    first.runEpisodes(12);
    for (let k = 0; k < 37; k++) first.step(); // mid-episode in both envs
    // Through structured clone, as IndexedDB stores it.
    const saved = structuredClone(first.checkpoint());
    expect(saved.replay!.actions.length).toBe(first.memory.size);
    first.dispose();

    const resumed = Trainer.resume(saved);
    expect(resumed.episodes).toBe(saved.episodes);
    resumed.runEpisodes(30 - resumed.episodes);
    expect(resumed.returns).toEqual(whole.returns);
    expect(resumed.envSteps).toBe(whole.envSteps);
    expect(resumed.agent.updates).toBe(whole.agent.updates);
    expect(resumed.epsilon).toBe(whole.epsilon);
    expect(weights(resumed)).toEqual(weights(whole));
    whole.dispose();
    resumed.dispose();
  });

  // Dueling, n-step and prioritized replay each keep state a resume must restore: the unfolded head and
  // its Adam moments, the steps whose returns are still gathering rewards, and every priority.
  const RAINBOW: Config = { ...SMALL, dueling: true, nStep: 4, prioritized: true, perBetaEpisodes: 10 };
  const pagesOf = (t: Trainer) => t.memory.pagesWrittenSince(null).map((p) => t.memory.savePage(p));

  it.each([
    ['whole', (t: Trainer) => structuredClone(t.checkpoint())],
    [
      'page by page, as the autosave writes it',
      (t: Trainer) => ({
        ...structuredClone(t.checkpoint(false)),
        replay: ReplayBuffer.fromPages(structuredClone(t.memory.layout()), structuredClone(pagesOf(t))),
      }),
    ],
  ])('with dueling, 4-step returns and prioritized replay, resume exactly (%s)', (_, save) => {
    const whole = new Trainer(RAINBOW);
    whole.runEpisodes(24);

    const first = new Trainer(RAINBOW);
    first.runEpisodes(10);
    for (let k = 0; k < 37; k++) first.step();
    const saved = save(first);
    expect(saved.replay!.priorities!.priorities.length).toBe(first.memory.size);
    expect(saved.nStep!.counts.some((c) => c > 0)).toBe(true);
    first.dispose();

    const resumed = Trainer.resume(saved);
    resumed.runEpisodes(24 - resumed.episodes);
    expect(resumed.returns).toEqual(whole.returns);
    expect(resumed.agent.updates).toBe(whole.agent.updates);
    expect(resumed.agent.save()).toEqual(whole.agent.save());
    expect(resumed.memory.save()).toEqual(whole.memory.save());
    whole.dispose();
    resumed.dispose();
  });

  it('refuse a prioritized run whose memory lost its priorities, or an n-step run its steps in progress', () => {
    const t = new Trainer(RAINBOW);
    t.runEpisodes(2);
    const good = structuredClone(t.checkpoint());
    t.dispose();
    const bare = { ...good.replay!, priorities: undefined };
    expect(() => Trainer.resume({ ...good, replay: bare })).toThrow(/has no priorities/);
    expect(() => Trainer.resume({ ...good, nStep: null })).toThrow(/n-step returns in progress are missing/);
    const counts = good.nStep!.counts.map(() => 4);
    expect(() => Trainer.resume({ ...good, nStep: { ...good.nStep!, counts } })).toThrow(
      /do not fit n = 4 over 2 envs/,
    );
  });

  it('resume without the replay memory when it was left out, refilling it', () => {
    const first = new Trainer(SMALL);
    first.runEpisodes(8);
    const saved = first.checkpoint(false);
    expect(saved.replay).toBeNull();
    const resumed = Trainer.resume(saved);
    expect(resumed.memory.size).toBe(0);
    resumed.runEpisodes(6);
    expect(resumed.episodes).toBe(14);
    expect(resumed.memory.size).toBeGreaterThan(0);
    expect(weights(resumed).every(Number.isFinite)).toBe(true);
    first.dispose();
    resumed.dispose();
  });

  // Found by tests/fuzz/checkpoint.test.ts: each was resumed (or failed deep inside with a TypeError).
  it('refuse what would spoil the run, naming the part, as a CheckpointError', () => {
    const t = new Trainer(SMALL);
    t.runEpisodes(2);
    for (let k = 0; k < 5; k++) t.step();
    const good = structuredClone(t.checkpoint());
    t.dispose();
    const online = good.learner.online.slice();
    online[3] = NaN;
    const envs = good.env.envs.map((e) => ({ ...e }));
    delete (envs[0] as Partial<(typeof envs)[0]>).actions;
    const cases: [object, RegExp][] = [
      [{ epsilon: NaN }, /\(ε\)$/],
      [{ learner: { ...good.learner, online } }, /non-finite weights/],
      [{ learner: { ...good.learner, adamSteps: -1 } }, /its network/],
      [{ stepInEpisode: [SMALL.maxEpisodeSteps, 0] }, /its episodes in progress/],
      [{ env: { envs } }, /its envs/],
      [{ pendingLearning: null }, /its learning sums/],
      [{ version: undefined }, /carries no checkpoint version/],
      [{ config: { ...good.config, gamma: 7, tau: 9, seed: -1 } }, /Discount γ must be .* \(and 2 more\)$/],
    ];
    for (const [patch, why] of cases) {
      const error = (() => {
        try {
          Trainer.resume({ ...good, ...patch }).dispose();
        } catch (e) {
          return e as Error;
        }
        return new Error('accepted');
      })();
      expect(error).toBeInstanceOf(CheckpointError);
      expect(error.message).toMatch(why);
    }
  });

  it('refuse what they cannot resume, saying why', () => {
    const t = new Trainer(SMALL);
    t.runEpisodes(3);
    const good = t.checkpoint();
    t.dispose();
    const bad = (patch: object) => () => Trainer.resume({ ...good, ...patch });
    expect(() => Trainer.resume('{}')).toThrow(/not a Lander Lab checkpoint/);
    expect(() => Trainer.resume(null)).toThrow(/not a Lander Lab checkpoint/);
    expect(bad({ version: CHECKPOINT_VERSION + 1 })).toThrow(/saved by a newer Lander Lab/);
    expect(bad({ version: 0 })).toThrow(/version 0 is not one/);
    expect(bad({ config: { ...good.config, gamma: 7 } })).toThrow(
      /settings are not valid: Discount γ must be/,
    );
    expect(bad({ episodes: 99 })).toThrow(/inconsistent/);
    expect(bad({ config: { ...good.config, hidden1: 32 } })).toThrow(/does not fit this one/);
    expect(bad({ config: { ...good.config, replaySize: 5000 } })).toThrow(/replay memory does not match/);
    expect(bad({ replay: { ...good.replay!, dones: new Uint8Array(2) } })).toThrow(
      /replay memory is inconsistent/,
    );
    expect(bad({ rng: { action: { state: 'zz' }, sample: good.rng.sample } })).toThrow(
      /random-generator state/,
    );
  });

  it('keep the evaluations and the best model, and a resumed run keeps its best', () => {
    const first = new Trainer({ ...SMALL, evalEvery: 4, evalEpisodes: 2 });
    first.runEpisodes(13);
    const saved = structuredClone(first.checkpoint());
    // Those after episodes 4 and 8 are applied by now; the one after 12 may still be in flight.
    const applied = saved.evaluations.length;
    expect(applied + saved.evaluationsInFlight!.length).toBe(3);
    expect(applied).toBeGreaterThanOrEqual(2);
    expect(saved.best!.weights).toBeInstanceOf(Float32Array);
    const best = first.best!;
    first.dispose();

    const resumed = Trainer.resume(saved);
    expect(resumed.evaluations).toEqual(saved.evaluations);
    expect(resumed.best!.report).toEqual(best.report);
    expect(Array.from(resumed.best!.weights)).toEqual(Array.from(best.weights));
    resumed.runEpisodes(8);
    expect(resumed.evaluations.length).toBeGreaterThan(applied);
    // A later evaluation replaces the best only by beating its confirmed mean.
    const means = resumed.evaluations.flatMap((e) => (e.confirmation ? [e.confirmation.mean] : []));
    expect(resumed.best!.report.confirmation!.mean).toBe(Math.max(...means));
    resumed.dispose();
  });

  it('taken while an evaluation is awaited, resume it, with the same evaluations as an uninterrupted run', () => {
    const config = { ...SMALL, evalEvery: 4, evalEpisodes: 3 };
    const whole = new Trainer(config);
    whole.runEpisodes(10);
    // As the page's worker on one core: the result is due, training waits, and it is flown in slices.
    const first = new Trainer(config, { waitForEvaluation: false });
    while (!first.awaitingEvaluation) first.step();
    first.flyEvaluation(20);
    expect(first.evaluating).toBe(true);
    const saved = structuredClone(first.checkpoint());
    first.dispose();
    const resumed = Trainer.resume(saved);
    expect(resumed.evaluating).toBe(true);
    resumed.runEpisodes(10 - resumed.episodes);
    expect(resumed.evaluations).toEqual(whole.evaluations);
    expect(resumed.returns).toEqual(whole.returns);
    whole.dispose();
    resumed.dispose();
  });

  it('resume one saved before evaluation existed with none, and refuse a best of the wrong size', () => {
    const t = new Trainer({ ...SMALL, evalEvery: 2 }, { evaluator: new Evaluator(undefined, 0) });
    t.runEpisodes(4);
    const good = t.checkpoint();
    t.dispose();
    const older: Partial<typeof good> = { ...good };
    delete older.evaluations;
    delete older.best;
    delete older.evaluationsInFlight;
    delete older.evaluationDue;
    const resumed = Trainer.resume(older, { evaluator: new Evaluator(undefined, 0) });
    expect(resumed.evaluations).toEqual([]);
    expect(resumed.best).toBeNull();
    resumed.runEpisodes(3);
    expect(resumed.evaluations.length).toBe(1);
    resumed.dispose();
    expect(() => Trainer.resume({ ...good, best: { ...good.best!, weights: new Float32Array(3) } })).toThrow(
      /best model does not match its network/,
    );
    expect(() => Trainer.resume({ ...good, evaluations: [{ episode: 1 }] })).toThrow(
      /evaluations are not valid/,
    );
  });
});
