/**
 * A run's greedy evaluations and its best model, with the evaluation jobs in flight. The trainer starts a
 * job (evaluationJob.ts) on a snapshot of the weights when one falls due, and its result is applied at a
 * fixed later episode, `applyAt` (the next evaluation's, E + evalEvery): training goes on meanwhile, and
 * waits there only if the result has not come in. Results are applied in the order the jobs began, and a
 * confirmation crowns a model against the best as it is when applied, so the evaluations, the best model,
 * the proof and the stopping episode are the same whether jobs run in line or on another thread, however
 * fast it is.
 */
import { crowns } from './evaluation';
import type { BestModel, EvaluationReport } from './evaluation';
import type { EvaluationJob, JobResult } from './evaluationJob';
import { InlineEvaluations } from './evaluationRunner';
import type { EvaluationRunner } from './evaluationRunner';

/** A job in flight, as a checkpoint keeps it: enough to fly it again after a resume. */
export interface PendingEvaluation {
  job: EvaluationJob;
  /** The training episode at which its result is applied (training waits there for it). */
  applyAt: number;
}

export class Evaluator {
  readonly evaluations: EvaluationReport[] = [];
  best: BestModel | null = null;
  private readonly pending: (PendingEvaluation & { id: number })[] = [];
  private nextId = 0;

  constructor(readonly runner: EvaluationRunner = new InlineEvaluations()) {}

  /** True while a job has begun and its result has not been applied. */
  get running(): boolean {
    return this.pending.length > 0;
  }

  /** True while the oldest job in flight flies its confirmation. */
  get confirming(): boolean {
    return this.pending.length > 0 && this.runner.confirming(this.pending[0].id);
  }

  /** The oldest job in flight: the training episode it evaluates and when its result is due. */
  get oldest(): { episode: number; applyAt: number } | null {
    const p = this.pending[0];
    return p ? { episode: p.job.episode, applyAt: p.applyAt } : null;
  }

  /** Hands a job to the runner; its result is applied once training reaches `applyAt`. */
  start(job: EvaluationJob, applyAt: number): void {
    const id = this.nextId++;
    this.pending.push({ id, job, applyAt });
    this.runner.submit(id, job);
  }

  /**
   * Applies, oldest first, the results due at training episode `episode` (every one in flight when `all`),
   * passing each report to `applied`. `wait`: wait for a result that has not come in, where the runner
   * can. False when one that is due has not come in (nothing after it is applied).
   */
  settle(episode: number, all: boolean, wait: boolean, applied: (r: EvaluationReport) => void): boolean {
    while (this.pending.length > 0) {
      const head = this.pending[0];
      if (!all && head.applyAt > episode) return true;
      const result =
        this.runner.poll(head.id) ?? (wait && this.runner.wait ? this.runner.wait(head.id) : null);
      if (!result) return false;
      this.pending.shift();
      applied(this.apply(head.job, result));
    }
    return true;
  }

  /** The jobs in flight, oldest first, for a checkpoint. */
  inFlight(): PendingEvaluation[] {
    return this.pending.map(({ job, applyAt }) => ({ job, applyAt }));
  }

  /** Takes over a resumed run's evaluations, best model and jobs in flight (flown again from their start). */
  restore(
    evaluations: readonly EvaluationReport[],
    best: BestModel | null,
    inFlight: readonly PendingEvaluation[] = [],
  ): void {
    this.runner.clear();
    this.pending.length = 0;
    this.evaluations.length = 0;
    this.evaluations.push(...evaluations);
    this.best = best;
    for (const p of inFlight) this.start(p.job, p.applyAt);
  }

  dispose(): void {
    this.runner.dispose();
  }

  private apply(job: EvaluationJob, { evaluation, confirmation }: JobResult): EvaluationReport {
    const report: EvaluationReport = confirmation ? { ...evaluation, confirmation } : evaluation;
    this.evaluations.push(report);
    if (confirmation && crowns(confirmation, this.best?.report ?? null)) {
      this.best = { report, weights: job.weights };
    }
    return report;
  }
}
