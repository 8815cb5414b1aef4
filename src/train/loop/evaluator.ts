/**
 * A run's greedy evaluations and its best model, with the evaluation jobs in flight. The trainer starts a
 * job (evaluationJob.ts) on a snapshot of the weights when one falls due, and training goes on while it
 * flies. Its result is applied at a point fixed by the job itself: the first step at which training has
 * flown, since the job began, TRAINING_STEPS_PER_JOB_STEP env steps for each env step the job flew (its
 * evaluation and confirmation together). Training waits there only if the result has not come in. Results
 * are applied in the order the jobs began, and a confirmation crowns a model against the best as it is when
 * applied, so the evaluations, the best model, the proof and the stopping episode are the same whether jobs
 * run in line or on another thread, however fast it is.
 */
import { crowns } from './evaluation';
import type { BestModel, EvaluationReport } from './evaluation';
import type { EvaluationJob, JobResult } from './evaluationJob';
import { InlineEvaluations } from './evaluationRunner';
import type { EvaluationRunner } from './evaluationRunner';

/**
 * Training env steps before a result is applied, per env step its job flew. A thread flies a greedy step
 * (the lander and a plain forward pass) in ~21 µs; training takes ~45–60 µs a step (an action and a
 * learning update every 4 steps), so below ~0.45 training waits for part of a job, and above it results
 * come later than the thread has them, and with one job at a time, fewer evaluations fit in a run. One run
 * at a time, as a user trains (lab seeds 0–9, 2026-12-05, 0.25 against 0.4, then 0.4 against 0.55,
 * interleaved; 0.4's times agreed between the two): at 0.25 solved at a median 23.6 s and proven at 26.5 s
 * (673 episodes); at 0.4, 20.0 and 23.5 s (752); at 0.55, 17.4 and 21.4 s (811). But at 0.55 rainbow-lite,
 * which learns in far fewer episodes, gets too few evaluations: its seeds 0–9 were proven at a median of
 * 334 episodes and seed 8 not at all before it diverged, against 266 at 0.4 and 251.5 at 0.25
 * (`npm run bench:learn`, seeds 0–9, two at a time).
 */
export const TRAINING_STEPS_PER_JOB_STEP = 0.4;

/** A job in flight, as a checkpoint keeps it: enough to fly it again after a resume. */
export interface PendingEvaluation {
  job: EvaluationJob;
  /** Training's env step count when it began. */
  startSteps: number;
}

interface Pending extends PendingEvaluation {
  id: number;
  /** Its result, once taken from the runner (it may come in before it is due). */
  result: JobResult | null;
  /** Steps it had flown when last asked: a lower bound, so its result is not due before half that. */
  known: number;
}

export class Evaluator {
  readonly evaluations: EvaluationReport[] = [];
  best: BestModel | null = null;
  private readonly pending: Pending[] = [];
  private nextId = 0;

  /**
   * `stepsPerJobStep`: TRAINING_STEPS_PER_JOB_STEP by default; 0 applies each result at the step after its
   * job began (training waits for every one), which tests on other envs use to place results exactly.
   */
  constructor(
    readonly runner: EvaluationRunner = new InlineEvaluations(),
    private readonly stepsPerJobStep = TRAINING_STEPS_PER_JOB_STEP,
  ) {}

  /** True while a job has begun and its result has not been applied. */
  get running(): boolean {
    return this.pending.length > 0;
  }

  /** True while the oldest job in flight flies its confirmation. */
  get confirming(): boolean {
    const p = this.pending[0];
    if (!p) return false;
    return p.result ? p.result.confirmation !== null : this.runner.confirming(p.id);
  }

  /** The training episode whose weights the oldest job in flight flies. */
  get oldest(): number | null {
    return this.pending[0]?.job.episode ?? null;
  }

  /** Hands a job to the runner, begun when training had flown `startSteps` env steps. */
  start(job: EvaluationJob, startSteps: number): void {
    const id = this.nextId++;
    this.pending.push({ id, job, startSteps, result: null, known: 0 });
    this.runner.submit(id, job);
  }

  /**
   * Applies, oldest first, the results due once training has flown `envSteps` env steps (every one in
   * flight when `all`), passing each report to `applied`. `wait`: wait for a result that has not come in,
   * where the runner can. False when one that may be due has not come in (nothing after it is applied).
   */
  settle(envSteps: number, all: boolean, wait: boolean, applied: (r: EvaluationReport) => void): boolean {
    while (this.pending.length > 0) {
      const head = this.pending[0];
      const due = (steps: number) => all || envSteps - head.startSteps >= steps * this.stepsPerJobStep;
      // Not due while even the steps it is known to have flown put it later: no need to look.
      if (!head.result && !due(head.known)) return true;
      while (!head.result) {
        head.result = this.runner.poll(head.id);
        if (head.result) break;
        head.known = this.runner.progress(head.id);
        if (!due(head.known)) return true;
        if (!wait || !this.runner.wait) return false;
        this.runner.wait(head.id);
      }
      if (!due(head.result.steps)) return true;
      this.pending.shift();
      applied(this.apply(head.job, head.result));
    }
    return true;
  }

  /** The jobs in flight, oldest first, for a checkpoint. */
  inFlight(): PendingEvaluation[] {
    return this.pending.map(({ job, startSteps }) => ({ job, startSteps }));
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
    for (const p of inFlight) this.start(p.job, p.startSteps);
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
