/**
 * Greedy evaluation: the policy flies episodes with ε = 0 on its own lander, on a fixed set of moons, so
 * that a run is judged by what its model would do and evaluations at different episodes compare. The
 * trainer calls an Evaluator between training episodes; it reads the agent's Q-values and touches none of
 * training's envs or random streams, so a run's training is the same with evaluation on or off.
 */
import { argmax } from '../../agent/qNetwork';
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

  constructor(
    private readonly env: LunarLander,
    readonly episodes: number,
    private readonly firstSeed: number,
  ) {
    if (!Number.isInteger(episodes) || episodes < 1) {
      throw new RangeError(`an evaluation flies a whole number of episodes, at least 1; got ${episodes}`);
    }
    this.observation = Float32Array.from(env.reset(firstSeed).observation);
  }

  get done(): boolean {
    return this.flown.returns.length === this.episodes;
  }

  /** The return so far of the episode in flight (0 once it has ended). */
  get episodeReturn(): number {
    return this.total;
  }

  /** Flies up to `maxSteps` steps; returns whether every episode has ended. */
  advance(q: QFunction, maxSteps = Infinity): boolean {
    for (let n = 0; n < maxSteps && !this.done; n++) {
      const r = this.env.step(argmax(q(this.observation)) as DiscreteAction);
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

/** Flies `episodes` greedy episodes on `env` at once, episode k from seed `firstSeed + k`. */
export function flyGreedy(
  q: QFunction,
  env: LunarLander,
  episodes: number,
  firstSeed: number,
): GreedyEpisodes {
  const flight = new GreedyFlight(env, episodes, firstSeed);
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

/** The agent as the evaluator reads it. */
export interface Evaluated {
  qValues(state: ArrayLike<number>): Float32Array;
  weights(network: 'online'): Float32Array;
}

interface Running {
  flight: GreedyFlight;
  episode: number;
  /** The weights being evaluated, kept in case they turn out the best. */
  weights: Float32Array;
  confirmEpisodes: number;
  /** Set once the evaluation has been flown and its weights are being confirmed. */
  evaluation: GreedyReport | null;
}

/**
 * Periodic evaluations of one run, and the best model so far. One evaluation runs at a time, between
 * training steps: `start` it, then `advance` it (all at once, or in slices) until it returns its report.
 * Training must wait meanwhile, so that the agent's weights stay the evaluated ones.
 *
 * An evaluation whose mean beats the best model's confirmed mean (or comes first) is a candidate: the same
 * weights fly `confirmEpisodes` more episodes from CONFIRM_SEED_BASE, within the same evaluation, and
 * become the best if that confirmed mean beats the best's. A lucky evaluation on ten moons cannot crown
 * a model, and the report says both figures. What it reports depends only on the weights and the seeds.
 *
 * One exception each way, so that the best model is the one that proves a run when any confirmed one could
 * (config/courseRule.ts's clearsProvenBar: mean ≥ 200 and 90% landed): while the best does not clear that
 * bar, an evaluation that clears it on its own moons is a candidate too, and a confirmation that clears it
 * outranks one that does not, whatever their means.
 */
export class Evaluator {
  readonly evaluations: EvaluationReport[] = [];
  best: BestModel | null = null;
  private env: LunarLander | null = null;
  private current: Running | null = null;

  constructor(private readonly options: LunarLanderOptions) {}

  /** Whether the episode count crossed a multiple of `every` going from `before` to `after`. */
  static due(before: number, after: number, every: number): boolean {
    return every > 0 && Math.floor(after / every) > Math.floor(before / every);
  }

  /** The figure a candidate must beat: the best's confirmed mean (its evaluation's, in older runs). */
  static bar(best: BestModel | null): number {
    return best ? (best.report.confirmation ?? best.report).mean : -Infinity;
  }

  /** Whether an evaluation is a candidate for the best model, to be confirmed. */
  static isCandidate(evaluation: GreedyReport, best: BestModel | null): boolean {
    return (
      evaluation.mean > Evaluator.bar(best) || (!Evaluator.bestClears(best) && clearsProvenBar(evaluation))
    );
  }

  /** Whether a candidate's confirmation crowns it: it outranks the best (clearing the bar first, then mean). */
  static crowns(confirmation: GreedyReport, best: BestModel | null): boolean {
    const clears = clearsProvenBar(confirmation);
    if (clears !== Evaluator.bestClears(best)) return clears;
    return confirmation.mean > Evaluator.bar(best);
  }

  private static bestClears(best: BestModel | null): boolean {
    const c = best?.report.confirmation;
    return c !== undefined && clearsProvenBar(c);
  }

  get running(): boolean {
    return this.current !== null;
  }

  /** True while a candidate's weights are flown on the confirmation moons. */
  get confirming(): boolean {
    return this.current?.evaluation != null;
  }

  /**
   * Begins an evaluation of the agent's current weights after training episode `episode`: `episodes`
   * evaluation episodes, then `confirmEpisodes` confirmation ones if it turns out a candidate.
   */
  start(agent: Evaluated, episode: number, episodes: number, confirmEpisodes: number): void {
    if (this.current) throw new Error('an evaluation is already running');
    if (!Number.isInteger(confirmEpisodes) || confirmEpisodes < 1) {
      throw new RangeError(
        `a confirmation flies a whole number of episodes, at least 1; got ${confirmEpisodes}`,
      );
    }
    this.env ??= new LunarLander(this.options);
    this.current = {
      flight: new GreedyFlight(this.env, episodes, EVAL_SEED_BASE),
      episode,
      weights: agent.weights('online'),
      confirmEpisodes,
      evaluation: null,
    };
  }

  /** Flies up to `maxSteps` more steps of the running evaluation; its report once it is complete. */
  advance(agent: Evaluated, maxSteps = Infinity): EvaluationReport | null {
    const c = this.current;
    if (!c) throw new Error('no evaluation is running');
    const q = (s: Float32Array) => agent.qValues(s);
    if (!c.flight.advance(q, maxSteps)) return null;
    if (!c.evaluation) {
      const evaluation = evaluationReport(c.episode, c.flight.flown);
      if (Evaluator.isCandidate(evaluation, this.best)) {
        c.evaluation = evaluation;
        c.flight = new GreedyFlight(this.env!, c.confirmEpisodes, CONFIRM_SEED_BASE);
        // In slices, the confirmation starts in the next one; at once, it is flown now.
        if (maxSteps !== Infinity || !c.flight.advance(q)) return null;
      } else {
        return this.finish(evaluation);
      }
    }
    const confirmation = evaluationReport(c.episode, c.flight.flown);
    const report: EvaluationReport = { ...c.evaluation, confirmation };
    return this.finish(report, Evaluator.crowns(confirmation, this.best) ? c.weights : null);
  }

  /** Takes over a resumed run's evaluations and best model. */
  restore(evaluations: readonly EvaluationReport[], best: BestModel | null): void {
    this.current = null;
    this.evaluations.length = 0;
    this.evaluations.push(...evaluations);
    this.best = best;
  }

  private finish(report: EvaluationReport, bestWeights: Float32Array | null = null): EvaluationReport {
    this.current = null;
    this.evaluations.push(report);
    if (bestWeights) this.best = { report, weights: bestWeights };
    return report;
  }
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
