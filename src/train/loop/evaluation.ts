/**
 * Greedy evaluation: the policy flies episodes with ε = 0 on its own lander, on a fixed set of moons, so
 * that a run is judged by what its model would do and evaluations at different episodes compare. What an
 * evaluation is (its reports, its seeds, greedy flights) and the rules that choose the best model are here;
 * evaluationJob.ts flies one, evaluator.ts keeps a run's. None touches training's envs or random streams,
 * so a run's training is the same with evaluation on or off.
 */
import { argmax } from '../../agent/plainForward';
import { clearsProvenBar } from '../../config/courseRule';
import { settingsOf } from '../../config/hyperparameters';
import type { Config } from '../../config/hyperparameters';
import { LunarLander } from '../../env/lunarLander';
import type { DiscreteAction, LunarLanderOptions, Outcome } from '../../env/types';
import { describeSample } from './stats';

/** What a greedy flight of the agent's weights did: an evaluation's figures, or a confirmation's. */
export interface GreedyReport {
  /** The training episode after which it ran. */
  episode: number;
  /** How many greedy episodes it flew. */
  episodes: number;
  mean: number;
  /** Sample standard deviation of the returns (0 for a single episode). */
  std: number;
  /** Share of the episodes that landed, in [0, 1]. */
  landingRate: number;
  outcomes: Record<Outcome, number>;
}

export interface EvaluationReport extends GreedyReport {
  /**
   * The same weights flown again on the confirmation moons, when the evaluation was a candidate for the
   * best model (its mean beat the best's confirmed mean); absent otherwise.
   */
  confirmation?: GreedyReport;
}

export interface BestModel {
  /** Its evaluation, with the confirmation that chose it (absent only in runs saved before confirmations). */
  report: EvaluationReport;
  /** The Q-network's weights at that evaluation, flat in the Layers order (kernel, bias, per layer). */
  weights: Float32Array;
}

/**
 * Evaluation episode k starts from seed EVAL_SEED_BASE + k. Training env i starts from config.seed + i, at
 * most (2^31 − 1) + 63, and carries its stream on from there, so no training episode is ever one of these.
 */
export const EVAL_SEED_BASE = 2 ** 31 + 64;

/**
 * Confirmation episode k starts from seed CONFIRM_SEED_BASE + k. Evaluations fly EVAL_SEED_BASE + k for k
 * below evalEpisodes' maximum (1000), so up to 2^31 + 1063; training envs start below 2^31 + 63; and
 * `npm run eval` flies from 10,000 by default. 2^31 + 2^20 onwards, for at most confirmEpisodes' maximum
 * (1000), meets none of them: the figure that crowns a model is not the one that nominated it, nor the one a
 * user checks it with afterwards.
 */
export const CONFIRM_SEED_BASE = 2 ** 31 + 2 ** 20;

export const OUTCOMES: readonly Outcome[] = ['landed', 'crashed', 'out_of_bounds', 'time_limit'];

/** Anything that gives Q-values for one state: the agent's `qValues`, or a loaded network's forward pass. */
export type QFunction = (state: Float32Array) => ArrayLike<number>;

export interface GreedyEpisodes {
  returns: number[];
  outcomes: Record<Outcome, number>;
}

/**
 * Greedy episodes flown a few steps at a time, so that a host with a message loop (the worker) can fly
 * a long evaluation in slices, or watch one step by step; episode k starts from seed `firstSeed + k`.
 */
export class GreedyFlight {
  readonly flown: GreedyEpisodes = {
    returns: [],
    outcomes: { landed: 0, crashed: 0, out_of_bounds: 0, time_limit: 0 },
  };
  /** The state the policy acts on next. */
  readonly observation: Float32Array;
  private total = 0;
  /** Env steps flown so far, every episode's. */
  steps = 0;

  /**
   * `landingRateToReach`: the flight ends early once its episodes can no longer land that share of
   * `episodes` even if every one left lands (a confirmation that cannot clear the proven bar).
   */
  constructor(
    private readonly env: LunarLander,
    readonly episodes: number,
    private readonly firstSeed: number,
    private readonly landingRateToReach = 0,
  ) {
    if (!Number.isInteger(episodes) || episodes < 1) {
      throw new RangeError(`an evaluation flies a whole number of episodes, at least 1; got ${episodes}`);
    }
    this.observation = Float32Array.from(env.reset(firstSeed).observation);
  }

  get done(): boolean {
    const flown = this.flown.returns.length;
    return flown === this.episodes || this.outOfReach(flown);
  }

  /** True once, with `flown` episodes ended, landing them all from here would not reach the rate. */
  private outOfReach(flown: number): boolean {
    const mostLanded = this.flown.outcomes.landed + (this.episodes - flown);
    return mostLanded / this.episodes < this.landingRateToReach;
  }

  /** The return so far of the episode in flight (0 once it has ended). */
  get episodeReturn(): number {
    return this.total;
  }

  /** Flies up to `maxSteps` steps; returns whether every episode has ended. */
  advance(q: QFunction, maxSteps = Infinity): boolean {
    for (let n = 0; n < maxSteps && !this.done; n++) {
      const r = this.env.step(argmax(q(this.observation)) as DiscreteAction);
      this.steps++;
      this.total += r.reward;
      if (r.terminated || r.truncated) {
        this.flown.outcomes[r.info.outcome ?? 'time_limit']++;
        this.flown.returns.push(this.total);
        this.total = 0;
        if (!this.done)
          this.observation.set(this.env.reset(this.firstSeed + this.flown.returns.length).observation);
      } else {
        this.observation.set(r.observation);
      }
    }
    return this.done;
  }
}

/**
 * Flies `episodes` greedy episodes on `env` at once, episode k from seed `firstSeed + k` (fewer where
 * `landingRateToReach` is out of reach: GreedyFlight).
 */
export function flyGreedy(
  q: QFunction,
  env: LunarLander,
  episodes: number,
  firstSeed: number,
  landingRateToReach = 0,
): GreedyEpisodes {
  const flight = new GreedyFlight(env, episodes, firstSeed, landingRateToReach);
  flight.advance(q);
  return flight.flown;
}

export function evaluationReport(episode: number, flown: GreedyEpisodes): GreedyReport {
  const { mean, std } = describeSample(flown.returns);
  return {
    episode,
    episodes: flown.returns.length,
    mean,
    std,
    landingRate: flown.outcomes.landed / flown.returns.length,
    outcomes: { ...flown.outcomes },
  };
}

/** What the lander takes of a config: the table's 'env' settings. */
export function envOptions(config: Config): LunarLanderOptions {
  return settingsOf('env', config);
}

/** Whether the episode count crossed a multiple of `every` going from `before` to `after`. */
export function evaluationDue(before: number, after: number, every: number): boolean {
  return every > 0 && Math.floor(after / every) > Math.floor(before / every);
}

/*
 * Which evaluation is a candidate for the best model, and which confirmation crowns one. An evaluation whose
 * mean beats the best model's confirmed mean (or comes first) is a candidate: the same weights fly
 * `confirmEpisodes` more episodes from CONFIRM_SEED_BASE and become the best if that confirmed mean beats
 * the best's. A lucky evaluation on ten moons cannot crown a model, and the report says both figures. A
 * confirmation ends early once so many of its moons went unlanded that it could no longer clear the proven
 * bar's landing rate: its figures are then those of the moons it flew. Early policies that hover to the
 * step limit would otherwise keep the evaluation thread busy longer than training runs (200 moons of
 * 1000 steps each), and training would wait for them; a model that clears the bar flies every moon.
 *
 * One exception each way, so that the best model is the one that proves a run when any confirmed one could
 * (config/courseRule.ts's clearsProvenBar: mean ≥ 200 and 90% landed): while the best does not clear that
 * bar, an evaluation that clears it on its own moons is a candidate too, and a confirmation that clears it
 * outranks one that does not, whatever their means.
 */

/** The figure a candidate must beat: the best's confirmed mean (its evaluation's, in older runs). */
export function bestBar(best: EvaluationReport | null): number {
  return best ? (best.confirmation ?? best).mean : -Infinity;
}

/** Whether an evaluation is a candidate for the best model (whose report is `best`), to be confirmed. */
export function isCandidate(evaluation: GreedyReport, best: EvaluationReport | null): boolean {
  return evaluation.mean > bestBar(best) || (!bestClears(best) && clearsProvenBar(evaluation));
}

/** Whether a candidate's confirmation crowns it: it outranks the best (clearing the bar first, then mean). */
export function crowns(confirmation: GreedyReport, best: EvaluationReport | null): boolean {
  const clears = clearsProvenBar(confirmation);
  if (clears !== bestClears(best)) return clears;
  return confirmation.mean > bestBar(best);
}

function bestClears(best: EvaluationReport | null): boolean {
  const c = best?.confirmation;
  return c !== undefined && clearsProvenBar(c);
}

/** Checks a checkpoint's evaluations and best model; throws saying what is wrong. */
export function checkEvaluations(
  evaluations: unknown,
  best: unknown,
  weightCount: number,
): { evaluations: EvaluationReport[]; best: BestModel | null } {
  const list = evaluations ?? [];
  if (!Array.isArray(list) || !list.every(isReport)) throw new Error('its evaluations are not valid');
  if (best === null || best === undefined) return { evaluations: list, best: null };
  const b = best as Partial<BestModel>;
  if (!isReport(b.report) || !(b.weights instanceof Float32Array) || b.weights.length !== weightCount) {
    throw new Error('its best model does not match its network');
  }
  return { evaluations: list, best: { report: b.report, weights: b.weights } };
}

/** Whether `r` is an evaluation's report, with a well-formed confirmation where it has one. */
export function isReport(r: unknown): r is EvaluationReport {
  if (!isGreedy(r)) return false;
  const { confirmation } = r as EvaluationReport;
  return confirmation === undefined || isGreedy(confirmation);
}

function isGreedy(r: unknown): r is GreedyReport {
  const e = r as Partial<GreedyReport> | null;
  return (
    typeof e === 'object' &&
    e !== null &&
    [e.episode, e.episodes, e.mean, e.std, e.landingRate].every((v) => typeof v === 'number') &&
    typeof e.outcomes === 'object' &&
    e.outcomes !== null &&
    OUTCOMES.every((o) => typeof e.outcomes![o] === 'number')
  );
}
