/**
 * Where evaluation jobs run. The trainer hands each job to a runner when it falls due and takes its result
 * at a fixed later episode (evaluator.ts), so a runner changes when the work is done, never what it gives:
 * in line here (InlineEvaluations: flown when its result is needed, or in slices by a host that must not
 * wait), or on a thread of its own (cli/threadEvaluations.ts in Node, host/workerEvaluations.ts in the
 * page), which the trainer does not wait for until the result is due.
 */
import { JobFlight, plainPolicy } from './evaluationJob';
import type { EvaluationJob, JobResult, PolicyFor } from './evaluationJob';

/** Where evaluations run: forced either way, or `auto` (threaded where there are two cores or more). */
export type EvaluationMode = 'auto' | 'threaded' | 'in-line';

export interface EvaluationRunner {
  /** Which kind of runner it is, for the status line and the command line's summary. */
  readonly mode: 'in-line' | 'threaded';
  /** Begins job `id` (ids rise; a runner may fly its jobs in that order). */
  submit(id: number, job: EvaluationJob): void;
  /** Job `id`'s result once it has been flown, else null; never waits. */
  poll(id: number): JobResult | null;
  /**
   * Waits for news of job `id`: its result, or (from a thread) more of its progress; in line, flies it to
   * its end. Absent where the thread may not wait (a page's worker).
   */
  wait?(id: number): void;
  /**
   * Flies up to `maxSteps` steps of the oldest job in this thread: how a host that must not block (the
   * page's worker on one core) flies an in-line job in slices. Absent, or doing nothing, where jobs run on
   * a thread of their own.
   */
  advance?(maxSteps: number): void;
  /** True while job `id` flies its confirmation (as far as this thread knows). */
  confirming(id: number): boolean;
  /** Env steps job `id` has flown, as far as this thread knows: never more than it has. */
  progress(id: number): number;
  /** Forgets every job: the run was replaced. */
  clear(): void;
  dispose(): void;
}

/** Jobs flown in the trainer's own thread: at once when waited for, or in slices by the host. */
export class InlineEvaluations implements EvaluationRunner {
  readonly mode = 'in-line';
  private readonly jobs = new Map<number, { flight: JobFlight; result: JobResult | null }>();

  constructor(private readonly policy: PolicyFor = plainPolicy) {}

  submit(id: number, job: EvaluationJob): void {
    this.jobs.set(id, { flight: new JobFlight(job, this.policy), result: null });
  }

  poll(id: number): JobResult | null {
    const entry = this.jobs.get(id);
    if (!entry?.result) return null;
    this.jobs.delete(id);
    return entry.result;
  }

  wait(id: number): void {
    const entry = this.jobs.get(id);
    if (!entry) throw new Error(`no evaluation job ${id}`);
    entry.result ??= entry.flight.advance();
  }

  advance(maxSteps: number): void {
    for (const entry of this.jobs.values()) {
      if (entry.result) continue;
      entry.result = entry.flight.advance(maxSteps);
      return;
    }
  }

  confirming(id: number): boolean {
    return this.jobs.get(id)?.flight.confirming ?? false;
  }

  progress(id: number): number {
    return this.jobs.get(id)?.flight.steps ?? 0;
  }

  clear(): void {
    this.jobs.clear();
  }

  dispose(): void {
    this.clear();
  }
}
