/**
 * Confirm before crowning, and train until proven: a candidate for the best model flies again on moons of
 * its own; the best is chosen by that confirmed figure; a run is proven once solved with a best model whose
 * confirmation clears the bar; `stopWhen` says what ends a run; and a checkpoint taken mid-confirmation
 * resumes to the same result.
 *
 * The pilots below stand in for trained networks where a test needs a policy that lands (Gymnasium's
 * heuristic) or one that never does: they fly the evaluations, while the trainer's own agent trains.
 */
import { describe, expect, it } from 'vitest';
import { PlainForward } from '../../../src/agent/qNetwork';
import { clearsProvenBar, PROVEN_LANDING_RATE, PROVEN_RETURN } from '../../../src/config/courseRule';
import { defaultConfig, SPECS } from '../../../src/config/hyperparameters';
import type { Config, NumberSpec } from '../../../src/config/hyperparameters';
import { heuristicDiscrete } from '../../../src/env/heuristic';
import { LunarLander } from '../../../src/env/lunarLander';
import { MarsRover } from '../../../src/lesson/marsRover';
import {
  bestBar,
  CONFIRM_SEED_BASE,
  envOptions,
  EVAL_SEED_BASE,
  evaluationReport,
  flyGreedy,
} from '../../../src/train/loop/evaluation';
import type { BestModel, EvaluationReport } from '../../../src/train/loop/evaluation';
import { JobFlight, runJob } from '../../../src/train/loop/evaluationJob';
import type { EvaluationJob, PolicyFor } from '../../../src/train/loop/evaluationJob';
import { InlineEvaluations } from '../../../src/train/loop/evaluationRunner';
import { Evaluator } from '../../../src/train/loop/evaluator';
import type { ProvenReport } from '../../../src/train/loop/reports';
import { Trainer } from '../../../src/train/loop/trainer';

type Pilot = (s: ArrayLike<number>) => number;
const heuristic: Pilot = heuristicDiscrete;
const noop: Pilot = () => 0;
/** Always the left engine: it crashes, worse on the confirmation moons than on the evaluation ones. */
const left: Pilot = () => 1;
/** A job's first weight says which pilot flies it. */
const PILOTS = [noop, heuristic, left];
const [NOOP, HEURISTIC, LEFT] = [0, 1, 2];

const asQ = (pilot: Pilot) => (s: ArrayLike<number>) => {
  const q = new Float32Array(4);
  q[pilot(s)] = 1;
  return q;
};

/** Jobs flown by the pilot their first weight names (a stand-in for a network that lands, or never does). */
const markedPilot: PolicyFor = (job) => asQ(PILOTS[job.weights[0]]);
/** Jobs flown by the pilot chosen for the training episode whose weights they took. */
const pilotAtEpisode =
  (pilotAt: (episode: number) => Pilot): PolicyFor =>
  (job) =>
    asQ(pilotAt(job.episode));

const LANDER = { ...defaultConfig(), evalEpisodes: 3, confirmEpisodes: 10 };

/** A job of `pilot` after `episode`, measured against `best`. */
const jobOf = (
  pilot: number,
  episode: number,
  evalEpisodes: number,
  confirmEpisodes: number,
  best: EvaluationReport | null,
): EvaluationJob => ({
  episode,
  weights: Float32Array.of(pilot),
  shape: { inputs: 8, hidden1: 1, hidden2: 1, actions: 4 },
  env: envOptions(LANDER),
  evalEpisodes,
  confirmEpisodes,
  best,
});

/** Evaluates `pilot` now with `e` (against its best), applied at once; its report. */
function evaluate(e: Evaluator, pilot: number, episode: number, evalEpisodes = 3, confirmEpisodes = 10) {
  let report: EvaluationReport | null = null;
  e.start(jobOf(pilot, episode, evalEpisodes, confirmEpisodes, e.best?.report ?? null), episode);
  e.settle(episode, true, true, (r) => (report = r));
  return report!;
}

const pilotEvaluator = () => new Evaluator(new InlineEvaluations(markedPilot));

/** What `pilot` flies on `episodes` moons from `seed`. */
const flown = (pilot: Pilot, episodes: number, seed: number, landingRateToReach = 0) =>
  evaluationReport(
    0,
    flyGreedy(asQ(pilot), new LunarLander(envOptions(LANDER)), episodes, seed, landingRateToReach),
  );

/** What `pilot`'s confirmation on `episodes` moons gives: ended once it cannot land 90% of them. */
const confirmedBy = (pilot: Pilot, episodes: number) =>
  flown(pilot, episodes, CONFIRM_SEED_BASE, PROVEN_LANDING_RATE);

describe('confirmation moons', () => {
  it('are none of the training, evaluation or `npm run eval` default seeds', () => {
    const max = (key: string) => (SPECS.get(key) as NumberSpec).max;
    const training = [0, max('seed') + max('numEnvs') - 1];
    const evaluation = [EVAL_SEED_BASE, EVAL_SEED_BASE + max('evalEpisodes') - 1];
    const npmEval = [10_000, 10_000 + 100 - 1];
    const confirmation = [CONFIRM_SEED_BASE, CONFIRM_SEED_BASE + max('confirmEpisodes') - 1];
    for (const other of [training, evaluation, npmEval]) {
      expect(confirmation[0] > other[1] || confirmation[1] < other[0], `${confirmation} vs ${other}`).toBe(
        true,
      );
    }
    // Seeds the lander takes (below 2^32), said in the setting's help as they are.
    expect(confirmation[1]).toBeLessThan(2 ** 32);
    expect(SPECS.get('confirmEpisodes')!.help).toContain('2^31 + 2^20');
  });
});

describe('confirm before crowning', () => {
  it('confirms the first evaluation on confirmEpisodes other moons, and crowns it by that figure', () => {
    const e = pilotEvaluator();
    const report = evaluate(e, HEURISTIC, 25);
    expect(report).toMatchObject({ ...flown(heuristic, 3, EVAL_SEED_BASE), episode: 25 });
    expect(report.confirmation).toEqual({ ...confirmedBy(heuristic, 10), episode: 25 });
    // On these seeds the heuristic does better on the confirmation moons than on the evaluation ones.
    expect(report.confirmation!.mean).not.toBe(report.mean);
    expect(e.best).toEqual({ report, weights: Float32Array.of(HEURISTIC) });
    expect(e.evaluations).toEqual([report]);
  });

  it('ends a confirmation once it can no longer land 90% of its moons: its figures are the moons it flew', () => {
    // `left` lands none: on 200 moons, the 21st unlanded one puts 90% out of reach.
    const e = pilotEvaluator();
    const report = evaluate(e, LEFT, 25, 3, 200);
    expect(report.confirmation).toMatchObject({ episodes: 21, landingRate: 0 });
    expect(report.confirmation).toEqual({ ...flown(left, 21, CONFIRM_SEED_BASE), episode: 25 });
    // The heuristic lands 9 of these 10 moons: 90% is in reach to the last, so it flies every one.
    const heuristicTen = flown(heuristic, 10, CONFIRM_SEED_BASE);
    expect(heuristicTen.outcomes.landed).toBe(9);
    expect(confirmedBy(heuristic, 10)).toEqual(heuristicTen);
    // A second miss on 10 moons ends it: `left` flies 2.
    expect(confirmedBy(left, 10).episodes).toBe(2);
  });

  it('does not confirm an evaluation that does not beat the best’s confirmed mean', () => {
    const e = pilotEvaluator();
    const best = evaluate(e, HEURISTIC, 25);
    const worse = evaluate(e, NOOP, 50);
    expect(worse.mean).toBeLessThan(best.confirmation!.mean);
    expect(worse).not.toHaveProperty('confirmation');
    expect(e.best!.report).toBe(best);
    expect(e.evaluations).toEqual([best, worse]);
  });

  it('keeps the best when a candidate’s confirmation falls short, and crowns one whose confirmation beats it', () => {
    const e1 = flown(left, 3, EVAL_SEED_BASE).mean;
    const c1 = confirmedBy(left, 10).mean;
    expect(e1).toBeGreaterThan(c1);
    // A best confirmed between the two: `left`'s evaluation beats it, its confirmation does not.
    const bar = (e1 + c1) / 2;
    const kept: BestModel = {
      report: {
        ...flown(noop, 3, EVAL_SEED_BASE),
        episode: 10,
        confirmation: { ...flown(noop, 10, CONFIRM_SEED_BASE), mean: bar },
      },
      weights: Float32Array.of(9),
    };
    const e = pilotEvaluator();
    e.restore([kept.report], kept);
    const candidate = evaluate(e, LEFT, 20);
    expect(candidate.mean).toBe(e1);
    expect(candidate.confirmation!.mean).toBe(c1);
    expect(e.best).toBe(kept);

    const crowned = evaluate(e, HEURISTIC, 30);
    expect(crowned.confirmation!.mean).toBeGreaterThan(bar);
    expect(e.best).toEqual({ report: crowned, weights: Float32Array.of(HEURISTIC) });
  });

  it('while the best does not clear the bar for proven, confirms and crowns one that does, whatever the means', () => {
    // On 10 evaluation moons the heuristic clears the bar (mean 214, 9 landed), and on 10 confirmation ones.
    const cleared = flown(heuristic, 10, EVAL_SEED_BASE);
    const confirmed = confirmedBy(heuristic, 10);
    expect([clearsProvenBar(cleared), clearsProvenBar(confirmed)]).toEqual([true, true]);
    const bestBy = (confirmation: { mean: number; landingRate: number }): BestModel => {
      const report = { ...flown(noop, 3, EVAL_SEED_BASE), episode: 10 };
      return {
        report: { ...report, confirmation: { ...report, ...confirmation } },
        weights: Float32Array.of(9),
      };
    };
    // A best with a higher mean that lands too rarely: the heuristic is confirmed, and outranks it.
    const unreliable = bestBy({ mean: confirmed.mean + 20, landingRate: 0.8 });
    expect(cleared.mean).toBeLessThan(bestBar(unreliable.report));
    const e = pilotEvaluator();
    e.restore([unreliable.report], unreliable);
    const crowned = evaluate(e, HEURISTIC, 20, 10, 10);
    expect(crowned.confirmation).toEqual({ ...confirmed, episode: 20 });
    expect(e.best).toEqual({ report: crowned, weights: Float32Array.of(HEURISTIC) });
    // A best that clears the bar keeps its place against any lower mean, cleared or not.
    const reliable = bestBy({ mean: confirmed.mean + 20, landingRate: 0.95 });
    const f = pilotEvaluator();
    f.restore([reliable.report], reliable);
    expect(evaluate(f, HEURISTIC, 20, 10, 10)).not.toHaveProperty('confirmation');
    expect(f.best).toBe(reliable);
  });

  it('measures a candidate against an older run’s unconfirmed best by its evaluation mean', () => {
    const old = { ...flown(left, 3, EVAL_SEED_BASE), episode: 10 };
    const e = pilotEvaluator();
    e.restore([old], { report: old, weights: Float32Array.of(LEFT) });
    expect(bestBar(e.best!.report)).toBe(old.mean);
    const r = evaluate(e, NOOP, 20);
    expect(r.mean).toBeGreaterThan(old.mean);
    expect(r.confirmation!.mean).toBeGreaterThan(old.mean);
    expect(e.best!.report).toBe(r);
  });

  it('flown in slices, confirmation included, gives what it gives at once', () => {
    const job = jobOf(HEURISTIC, 5, 3, 10, null);
    const whole = runJob(job, markedPilot);
    expect(whole.confirmation).not.toBeNull();
    const sliced = new JobFlight(job, markedPilot);
    let result = null;
    let confirmingSlices = 0;
    while (!result) {
      result = sliced.advance(37);
      if (sliced.confirming) confirmingSlices++;
    }
    expect(confirmingSlices).toBeGreaterThan(10);
    expect(result).toEqual(whole);
  });

  it('in a training run, confirms exactly the evaluations that beat the best’s confirmed mean, and keeps the highest confirmed', () => {
    const config: Config = {
      ...defaultConfig(),
      hidden1: 16,
      hidden2: 16,
      batchSize: 32,
      replaySize: 3000,
      maxEpisodeSteps: 150,
      numEnvs: 2,
      epsilonDecay: 0.7,
      // A seed on which six evaluations are confirmed, and a later one crowned.
      seed: 1,
      evalEvery: 3,
      evalEpisodes: 3,
      confirmEpisodes: 10,
    };
    // Each applied before the next begins, so that each is measured against the best as it was applied.
    const t = new Trainer(config, { evaluator: new Evaluator(undefined, 0) });
    t.runEpisodes(40);
    let bar = -Infinity;
    let crowned: EvaluationReport | null = null;
    for (const e of t.evaluations) {
      // Nothing in so short a run clears the bar for proven, so the means alone decide.
      expect(clearsProvenBar(e) || (e.confirmation !== undefined && clearsProvenBar(e.confirmation))).toBe(
        false,
      );
      expect(e.confirmation !== undefined, `episode ${e.episode}`).toBe(e.mean > bar);
      if (e.confirmation && e.confirmation.mean > bar) {
        bar = e.confirmation.mean;
        crowned = e;
      }
    }
    expect(t.evaluations.filter((e) => e.confirmation).length).toBeGreaterThan(1);
    expect(t.best!.report).toBe(crowned);
    // The kept weights fly the confirmation again, on the confirmation moons.
    const policy = new PlainForward(t.agent.shape);
    policy.loadFlat(t.best!.weights);
    const again = flyGreedy(
      (s) => policy.forward(s),
      new LunarLander(envOptions(config)),
      config.confirmEpisodes,
      CONFIRM_SEED_BASE,
      PROVEN_LANDING_RATE,
    );
    expect(evaluationReport(t.best!.report.episode, again)).toEqual(t.best!.report.confirmation);
    t.dispose();
  });
});

// These place results exactly: each is applied at the step after its evaluation began (training waits for
// it), as the pilots' lander episodes would take a rover hundreds of episodes to match.
describe('proven', () => {
  /** On a rover where every episode returns 250, solved at episode 100 exactly (tests/train/loop/trainer.test.ts). */
  function roverRun(stopWhen: Config['stopWhen'], pilotAt: (episode: number) => Pilot, maxEpisodes = 150) {
    const config: Config = { ...LANDER, replaySize: 1000, evalEvery: 25, maxEpisodes, stopWhen };
    const heard: ProvenReport[] = [];
    const envSteps = new Map<number, number>();
    let clock = 0;
    const trainer = new Trainer(config, {
      env: new MarsRover({ leftReward: 250, rightReward: 250 }),
      evaluator: new Evaluator(new InlineEvaluations(pilotAtEpisode(pilotAt)), 0),
      now: () => (clock += 1),
      listener: {
        onProven: (r) => heard.push(r),
        onEpisode: (r) => envSteps.set(r.episode, r.envSteps),
      },
    });
    return { trainer, heard, envSteps };
  }
  /** Never lands until the evaluation after episode 125, then lands like the heuristic. */
  const lateLander = (episode: number) => (episode >= 125 ? heuristic : noop);

  it('waits for the course’s rule even when the best model cleared the bar long before', () => {
    const { trainer, heard } = roverRun('proven', () => heuristic);
    trainer.runEpisodes(99);
    expect(clearsProvenBar(trainer.best!.report.confirmation!)).toBe(true);
    expect(trainer.best!.report.episode).toBe(25);
    expect(trainer.proven).toBeNull();
    expect(trainer.finished).toBe(false);
    trainer.train();
    expect(trainer.solved!.episode).toBe(100);
    expect(trainer.proven).toMatchObject({ episode: 100, envSteps: trainer.solved!.envSteps });
    expect(trainer.proven!.confirmation).toEqual(trainer.best!.report.confirmation);
    expect(trainer.episodes).toBe(100);
    expect(heard).toEqual([trainer.proven]);
    trainer.dispose();
  });

  it('comes with a confirmation of mean ≥ 200 and ≥ 90% landed, after the solve', () => {
    const { trainer, heard, envSteps } = roverRun('proven', lateLander);
    trainer.train();
    const proven = trainer.proven!;
    expect(trainer.solved!.episode).toBe(100);
    expect(proven.episode).toBe(125);
    // Applied at the step after its evaluation began.
    expect(proven.envSteps).toBe(envSteps.get(125)! + 1);
    expect(proven.seconds).toBeGreaterThan(trainer.solved!.seconds);
    expect(proven.confirmation.episode).toBe(125);
    expect(proven.confirmation.episodes).toBe(10);
    expect(proven.confirmation.mean).toBeGreaterThanOrEqual(PROVEN_RETURN);
    expect(proven.confirmation.landingRate).toBeGreaterThanOrEqual(PROVEN_LANDING_RATE);
    expect(proven.confirmation).toEqual(trainer.best!.report.confirmation);
    expect(trainer.episodes).toBe(125);
    expect(heard).toEqual([proven]);
    // Every evaluation before it was confirmed only while it beat the best, and none cleared the bar.
    expect(
      trainer.evaluations.slice(0, 4).every((e) => !e.confirmation || !clearsProvenBar(e.confirmation)),
    ).toBe(true);
    trainer.dispose();
  });

  it('is not a landing rate under 90% however high the mean', () => {
    expect(clearsProvenBar({ mean: 260, landingRate: 0.89 })).toBe(false);
    expect(clearsProvenBar({ mean: 199.9, landingRate: 1 })).toBe(false);
    expect(clearsProvenBar({ mean: 200, landingRate: 0.9 })).toBe(true);
  });
});

describe('stopWhen', () => {
  function run(stopWhen: Config['stopWhen'], pilotAt: (episode: number) => Pilot) {
    const config: Config = { ...LANDER, replaySize: 1000, evalEvery: 25, maxEpisodes: 150, stopWhen };
    const trainer = new Trainer(config, {
      env: new MarsRover({ leftReward: 250, rightReward: 250 }),
      evaluator: new Evaluator(new InlineEvaluations(pilotAtEpisode(pilotAt)), 0),
    });
    trainer.train();
    return trainer;
  }
  const lateLander = (episode: number) => (episode >= 125 ? heuristic : noop);

  it('solved: stops at the course’s rule', () => {
    const t = run('solved', lateLander);
    expect([t.episodes, t.solved?.episode, t.proven]).toEqual([100, 100, null]);
    t.dispose();
  });

  it('proven: goes on past the solve until proven', () => {
    const t = run('proven', lateLander);
    expect([t.episodes, t.solved?.episode, t.proven?.episode]).toEqual([125, 100, 125]);
    t.dispose();
  });

  it('proven: spends the whole budget when it never is', () => {
    const t = run('proven', () => noop);
    expect([t.episodes, t.solved?.episode, t.proven]).toEqual([150, 100, null]);
    t.dispose();
  });

  it('budget: spends the whole budget, reporting the solve and the proof on the way', () => {
    const t = run('budget', lateLander);
    expect([t.episodes, t.solved?.episode, t.proven?.episode]).toEqual([150, 100, 125]);
    t.dispose();
  });

  it('is live: a run stopped once proven goes on when told to spend its budget', () => {
    const t = run('proven', lateLander);
    expect(t.finished).toBe(true);
    expect(t.applyPatch({ stopWhen: 'budget' }).ok).toBe(true);
    expect(t.finished).toBe(false);
    t.train();
    expect(t.episodes).toBe(150);
    expect(t.proven?.episode).toBe(125);
    expect(t.applyPatch({ stopWhen: 'never' }).ok).toBe(false);
    t.dispose();
  });
});

describe('a checkpoint taken mid-confirmation', () => {
  it('resumes to the same evaluations, best model and proof as the uninterrupted run', () => {
    const config: Config = {
      ...defaultConfig(),
      hidden1: 16,
      hidden2: 16,
      batchSize: 32,
      replaySize: 3000,
      numEnvs: 2,
      epsilonDecay: 0.9,
      seed: 5,
      evalEvery: 4,
      evalEpisodes: 3,
      confirmEpisodes: 10,
    };
    // The evaluations land from the one after episode 8 on.
    const pilotAt = (episode: number) => (episode >= 8 ? heuristic : noop);
    const evaluator = () => new Evaluator(new InlineEvaluations(pilotAtEpisode(pilotAt)), 0);
    const start = new Trainer(config, { evaluator: evaluator() });
    start.runEpisodes(2);
    // The course's rule met already (a run lands only in hours; the rule's own test is the trainer's).
    const solvedAlready = structuredClone({
      ...start.checkpoint(),
      solved: { episode: 2, envSteps: start.envSteps, seconds: 0 },
    });
    start.dispose();

    const whole = Trainer.resume(solvedAlready, { evaluator: evaluator() });
    whole.runEpisodes(12);
    expect(whole.proven).not.toBeNull();

    // As the page's worker flies it on one core: in slices, while training waits at the result's episode.
    const first = Trainer.resume(solvedAlready, { evaluator: evaluator(), waitForEvaluation: false });
    while (!(first.confirming && first.episodes >= 8)) {
      if (!first.awaitingEvaluation) first.step();
      else if (first.settleEvaluations()) continue;
      else first.flyEvaluation(50);
    }
    first.flyEvaluation(200);
    expect(first.confirming).toBe(true);
    const saved = structuredClone(first.checkpoint());
    expect(saved.evaluationsInFlight!.map((p) => p.job.episode)).toEqual([first.evaluationInFlight]);
    first.dispose();

    const resumed = Trainer.resume(saved, { evaluator: evaluator() });
    expect(resumed.evaluating).toBe(true);
    resumed.runEpisodes(whole.episodes - resumed.episodes);
    expect(resumed.evaluations).toEqual(whole.evaluations);
    expect(resumed.best!.report).toEqual(whole.best!.report);
    expect(Array.from(resumed.best!.weights)).toEqual(Array.from(whole.best!.weights));
    // Everything but its time, which is the clock's.
    const provenAt = (p: ProvenReport) => ({
      episode: p.episode,
      envSteps: p.envSteps,
      confirmation: p.confirmation,
    });
    expect(provenAt(resumed.proven!)).toEqual(provenAt(whole.proven!));
    expect(resumed.returns).toEqual(whole.returns);
    whole.dispose();
    resumed.dispose();
  });

  it('resumes a version-1 checkpoint saved before confirmations, unproven, its best measured by its evaluation', () => {
    const config: Config = {
      ...LANDER,
      hidden1: 16,
      hidden2: 16,
      replaySize: 3000,
      maxEpisodeSteps: 150,
      evalEvery: 2,
    };
    const t = new Trainer(config, { evaluator: new Evaluator(undefined, 0) });
    t.runEpisodes(4);
    const cp = structuredClone(t.checkpoint());
    t.dispose();
    const older: Record<string, unknown> = { ...cp, config: { ...cp.config } };
    delete older.proven;
    delete (older.config as Partial<Config>).confirmEpisodes;
    delete (older.config as Partial<Config>).stopWhen;
    const strip = ({ confirmation: _, ...e }: EvaluationReport) => e;
    older.evaluations = cp.evaluations.map(strip);
    older.best = { report: strip(cp.best!.report), weights: cp.best!.weights };
    const resumed = Trainer.resume(older);
    expect(resumed.proven).toBeNull();
    // Settings the older file lacks take today's defaults.
    const { confirmEpisodes, stopWhen } = defaultConfig();
    expect(resumed.settings).toMatchObject({ confirmEpisodes, stopWhen });
    expect(bestBar(resumed.best!.report)).toBe(cp.best!.report.mean);
    resumed.runEpisodes(2);
    expect(resumed.evaluations.length).toBe(cp.evaluations.length + 1);
    resumed.dispose();
    expect(() => Trainer.resume({ ...cp, proven: { episode: 3, envSteps: 10, seconds: 1 } })).toThrow(
      /its proven report/,
    );
  });
});
