/**
 * Greedy evaluation: it leaves training untouched, reports what it flew, and keeps the best weights
 * (confirmation.test.ts: how a candidate is confirmed before it is crowned).
 */
import { describe, expect, it } from 'vitest';
import { PlainForward } from '../../../src/agent/qNetwork';
import { defaultConfig, SPECS } from '../../../src/config/hyperparameters';
import type { Config, NumberSpec } from '../../../src/config/hyperparameters';
import { LunarLander } from '../../../src/env/lunarLander';
import {
  envOptions,
  EVAL_SEED_BASE,
  evaluationDue,
  flyGreedy,
  GreedyFlight,
} from '../../../src/train/loop/evaluation';
import type { EvaluationReport } from '../../../src/train/loop/evaluation';
import { Trainer } from '../../../src/train/loop/trainer';

const SMALL: Config = {
  ...defaultConfig(),
  hidden1: 16,
  hidden2: 16,
  batchSize: 32,
  replaySize: 3000,
  maxEpisodeSteps: 150,
  numEnvs: 2,
  epsilonDecay: 0.9,
  seed: 4,
  evalEvery: 5,
  evalEpisodes: 3,
  confirmEpisodes: 5,
};

const weights = (t: Trainer) => Array.from(t.agent.weights('online'));

describe('greedy evaluation', () => {
  it('leaves training exactly as it is without it: same returns, steps, updates and weights', () => {
    const seen: EvaluationReport[] = [];
    const on = new Trainer(SMALL, { listener: { onEvaluation: (r) => seen.push(r) } });
    const off = new Trainer({ ...SMALL, evalEvery: 0 });
    on.runEpisodes(30);
    off.runEpisodes(30);
    // Each result is applied when the next evaluation falls due: the one after episode 30 is in flight.
    expect(on.evaluations.length).toBe(5);
    expect(on.evaluating).toBe(true);
    expect(seen).toEqual(on.evaluations);
    expect(off.evaluations).toEqual([]);
    expect(off.best).toBeNull();
    expect(on.returns).toEqual(off.returns);
    expect(on.envSteps).toBe(off.envSteps);
    expect(on.agent.updates).toBe(off.agent.updates);
    expect(weights(on)).toEqual(weights(off));
    on.dispose();
    off.dispose();
  });

  it('runs after the episode count crosses each multiple of evalEvery, and reports what it flew', () => {
    const t = new Trainer(SMALL);
    t.runEpisodes(28);
    const at = t.evaluations.map((e) => e.episode);
    // Two envs may end episodes in the same step, so an evaluation can follow episode 11 rather than 10.
    at.forEach((episode, i) => {
      expect(episode).toBeGreaterThanOrEqual(5 * (i + 1));
      expect(episode).toBeLessThan(5 * (i + 1) + SMALL.numEnvs);
    });
    // Short episodes: each is applied before the next falls due, so all five began on time; the last may
    // still be in flight.
    const inFlight = t.evaluationInFlight;
    expect(at.length + (inFlight === null ? 0 : 1)).toBe(5);
    if (inFlight !== null) expect(inFlight).toBeGreaterThanOrEqual(25);
    for (const e of t.evaluations) {
      expect(e.episodes).toBe(3);
      expect(Object.values(e.outcomes).reduce((a, b) => a + b, 0)).toBe(3);
      expect(e.landingRate).toBe(e.outcomes.landed / 3);
      expect(Number.isFinite(e.mean) && e.std >= 0).toBe(true);
    }
    t.dispose();
  });

  it('keeps the weights of the best confirmed mean, which fly that evaluation again on its seeds', () => {
    const t = new Trainer({ ...SMALL, epsilonDecay: 0.7, evalEvery: 3, confirmEpisodes: 3 });
    t.runEpisodes(30);
    const best = t.best!;
    const confirmed = t.evaluations.filter((e) => e.confirmation).map((e) => e.confirmation!.mean);
    expect(best.report.confirmation!.mean).toBe(Math.max(...confirmed));
    expect(best.report).toBe(t.evaluations.find((e) => e.confirmation?.mean === Math.max(...confirmed)));
    const policy = new PlainForward(t.agent.shape);
    policy.loadFlat(best.weights);
    const again = flyGreedy(
      (s) => policy.forward(s),
      new LunarLander(envOptions(SMALL)),
      SMALL.evalEpisodes,
      EVAL_SEED_BASE,
    );
    const mean = again.returns.reduce((a, b) => a + b, 0) / again.returns.length;
    expect(mean).toBeCloseTo(best.report.mean, 9);
    expect(again.outcomes).toEqual(best.report.outcomes);
    // A copy: later learning does not move the kept weights.
    t.applyPatch({ evalEvery: 0 });
    t.runEpisodes(2);
    expect(Array.from(best.weights)).not.toEqual(weights(t));
    t.dispose();
  });

  it('flown in slices gives the same report as flown at once', () => {
    const t = new Trainer({ ...SMALL, evalEvery: 0 });
    t.runEpisodes(6);
    const q = (s: Float32Array) => t.agent.qValues(s);
    const whole = flyGreedy(q, new LunarLander(envOptions(SMALL)), 4, EVAL_SEED_BASE);
    const flight = new GreedyFlight(new LunarLander(envOptions(SMALL)), 4, EVAL_SEED_BASE);
    let calls = 0;
    while (!flight.advance(q, 7)) calls++;
    expect(calls).toBeGreaterThan(10);
    expect(flight.flown).toEqual(whole);

    // The page's worker on one core flies an awaited result in slices; it gives what a step waiting for it does.
    const sliced = new Trainer({ ...SMALL, evalEvery: 5 }, { waitForEvaluation: false });
    const atOnce = new Trainer({ ...SMALL, evalEvery: 5 });
    let slices = 0;
    while (sliced.evaluations.length === 0) {
      if (!sliced.awaitingEvaluation) sliced.step();
      else if (!sliced.settleEvaluations()) {
        sliced.flyEvaluation(10);
        slices++;
      }
    }
    // Flown a slice at a time where training caught up with it, in between training's steps.
    expect(slices).toBeGreaterThan(10);
    while (atOnce.envSteps < sliced.envSteps) atOnce.step();
    expect(sliced.evaluations).toEqual(atOnce.evaluations);
    for (const x of [t, sliced, atOnce]) x.dispose();
  });

  it('follows live changes: evalEvery 0 stops it, evalEpisodes sets its length', () => {
    const t = new Trainer(SMALL);
    t.runEpisodes(10);
    expect(t.applyPatch({ evalEvery: 0 }).ok).toBe(true);
    // The one begun after episode 10 is still applied, where it was due; none begins after it.
    t.runEpisodes(10);
    expect(t.evaluations.length).toBe(2);
    expect(t.evaluating).toBe(false);
    expect(t.applyPatch({ evalEvery: 4, evalEpisodes: 2 }).ok).toBe(true);
    t.runEpisodes(8);
    expect(t.evaluations.length).toBe(3);
    expect(t.evaluations.at(-1)!.episodes).toBe(2);
    expect(t.applyPatch({ evalEpisodes: 0 }).ok).toBe(false);
    t.dispose();
  });

  it('uses seeds no training env can start from', () => {
    const seed = SPECS.get('seed') as NumberSpec;
    const envs = SPECS.get('numEnvs') as NumberSpec;
    expect(seed.max + envs.max - 1).toBeLessThan(EVAL_SEED_BASE);
    expect(SPECS.get('evalEpisodes')!.help).toContain('2^31 + 64');
  });

  it('knows when it falls due', () => {
    expect(evaluationDue(24, 25, 25)).toBe(true);
    expect(evaluationDue(24, 26, 25)).toBe(true);
    expect(evaluationDue(25, 26, 25)).toBe(false);
    expect(evaluationDue(0, 1, 0)).toBe(false);
    expect(evaluationDue(3, 3, 1)).toBe(false);
  });
});
