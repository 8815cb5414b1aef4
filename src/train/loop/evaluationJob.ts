/**
 * One evaluation as a job: a pure function of a snapshot of the weights, the episode it was taken after,
 * the evaluation and confirmation lengths and the best model's report when it began. It flies the
 * evaluation moons and, for a candidate, the confirmation moons, with the plain forward pass
 * (agent/plainForward.ts: IEEE float arithmetic, the same bits in every JavaScript engine), so it gives the
 * same result wherever and whenever it runs: in line in the trainer's thread, in a worker_threads worker
 * or in a second Web Worker. No engine's own forward pass is used, so it is the same on every engine too.
 */
import { PlainForward } from '../../agent/plainForward';
import { PROVEN_LANDING_RATE } from '../../config/courseRule';
import type { NetworkShape } from '../../agent/networkShape';
import { LunarLander } from '../../env/lunarLander';
import type { LunarLanderOptions } from '../../env/types';
import { CONFIRM_SEED_BASE, EVAL_SEED_BASE, evaluationReport, GreedyFlight, isCandidate } from './evaluation';
import type { EvaluationReport, GreedyReport, QFunction } from './evaluation';

export interface EvaluationJob {
  /** The training episode after which the weights were taken. */
  episode: number;
  /** The online network's weights then, flat in the Layers order. */
  weights: Float32Array;
  shape: NetworkShape;
  env: LunarLanderOptions;
  evalEpisodes: number;
  confirmEpisodes: number;
  /** The best model's report when the job began: what a candidate must beat. */
  best: EvaluationReport | null;
}

/** What a job flew: its evaluation and, when that was a candidate, its confirmation. */
export interface JobResult {
  evaluation: GreedyReport;
  confirmation: GreedyReport | null;
  /** Env steps it flew, both flights together: what says when its result is applied (evaluator.ts). */
  steps: number;
}

/** How a job's weights act; a test may fly a scripted pilot in their place. */
export type PolicyFor = (job: EvaluationJob) => QFunction;

/** The job's weights through the plain forward pass. */
export const plainPolicy: PolicyFor = (job) => {
  const net = new PlainForward(job.shape);
  net.loadFlat(job.weights);
  return (state) => net.forward(state);
};

/** A job flown a number of steps at a time, so that a host with a message loop can fly it in slices. */
export class JobFlight {
  private readonly q: QFunction;
  private readonly env: LunarLander;
  private flight: GreedyFlight;
  private evaluation: GreedyReport | null = null;
  /** Steps of the evaluation flight, once it has ended. */
  private evaluationSteps = 0;

  constructor(
    readonly job: EvaluationJob,
    policy: PolicyFor = plainPolicy,
  ) {
    if (!Number.isInteger(job.confirmEpisodes) || job.confirmEpisodes < 1) {
      throw new RangeError(
        `a confirmation flies a whole number of episodes, at least 1; got ${job.confirmEpisodes}`,
      );
    }
    this.q = policy(job);
    this.env = new LunarLander(job.env);
    this.flight = new GreedyFlight(this.env, job.evalEpisodes, EVAL_SEED_BASE);
  }

  /** True once the evaluation was a candidate and its confirmation is being flown. */
  get confirming(): boolean {
    return this.evaluation !== null;
  }

  /** Env steps flown so far. */
  get steps(): number {
    return this.evaluationSteps + this.flight.steps;
  }

  /** Flies up to `maxSteps` more steps; the result once the evaluation (and confirmation) have ended. */
  advance(maxSteps = Infinity): JobResult | null {
    if (!this.flight.advance(this.q, maxSteps)) return null;
    const report = evaluationReport(this.job.episode, this.flight.flown);
    const steps = this.steps;
    if (this.evaluation) return { evaluation: this.evaluation, confirmation: report, steps };
    if (!isCandidate(report, this.job.best)) return { evaluation: report, confirmation: null, steps };
    this.evaluation = report;
    this.evaluationSteps = steps;
    this.flight = new GreedyFlight(
      this.env,
      this.job.confirmEpisodes,
      CONFIRM_SEED_BASE,
      PROVEN_LANDING_RATE,
    );
    // In slices, the confirmation starts in the next one; at once, it is flown now.
    return maxSteps === Infinity ? this.advance() : null;
  }
}

/** Flies a whole job at once. */
export function runJob(job: EvaluationJob, policy: PolicyFor = plainPolicy): JobResult {
  return new JobFlight(job, policy).advance()!;
}
