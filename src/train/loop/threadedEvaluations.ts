/**
 * What the two evaluation threads share (a worker_threads worker in Node, cli/threadEvaluations.ts; a
 * second Web Worker in the page, host/workerEvaluations.ts): the messages between trainer and thread, the
 * thread's side (fly a job, say when its confirmation begins, post its result), and the trainer's side,
 * which keeps each job until its result is taken and flies in line whatever the thread has not answered
 * once it fails. The results are the same either way; only whether training waits for them differs.
 */
import { JobFlight } from './evaluationJob';
import type { EvaluationJob, JobResult } from './evaluationJob';
import { InlineEvaluations } from './evaluationRunner';
import type { EvaluationRunner } from './evaluationRunner';

/** From the trainer to the thread. */
export interface JobMessage {
  id: number;
  job: EvaluationJob;
}

/** From the thread to the trainer. */
export type ThreadMessage =
  | { kind: 'ready' }
  | { kind: 'confirming'; id: number }
  | { kind: 'progress'; id: number; steps: number }
  | { kind: 'result'; id: number; result: JobResult }
  | { kind: 'error'; id: number; message: string };

/**
 * Steps between two reports of a job's progress (a few ms of the thread's time): the trainer may go on
 * while the steps a job is known to have flown say its result is not yet due.
 */
const CHUNK = 100;

/** The thread's side: flies one job and posts what it did. */
export function flyInThread({ id, job }: JobMessage, send: (m: ThreadMessage) => void): void {
  try {
    const flight = new JobFlight(job);
    let told = false;
    for (;;) {
      const result = flight.advance(CHUNK);
      if (result) {
        send({ kind: 'result', id, result });
        return;
      }
      if (flight.confirming && !told) {
        told = true;
        send({ kind: 'confirming', id });
      }
      send({ kind: 'progress', id, steps: flight.steps });
    }
  } catch (e) {
    send({ kind: 'error', id, message: e instanceof Error ? e.message : String(e) });
  }
}

/** The trainer's side of a thread: a runner whose jobs are flown elsewhere. */
export abstract class ThreadedEvaluations implements EvaluationRunner {
  private readonly jobs = new Map<number, EvaluationJob>();
  private readonly results = new Map<number, JobResult>();
  private readonly confirmingIds = new Set<number>();
  private readonly flown = new Map<number, number>();
  /** Where jobs go once the thread failed; null while it works. */
  private fallback: InlineEvaluations | null = null;
  /** Why the thread is not used, once it failed. */
  problem: string | null = null;
  protected ready = false;

  get mode(): 'in-line' | 'threaded' {
    return this.fallback ? 'in-line' : 'threaded';
  }

  submit(id: number, job: EvaluationJob): void {
    this.jobs.set(id, job);
    if (this.fallback) this.fallback.submit(id, job);
    else this.send({ id, job });
  }

  poll(id: number): JobResult | null {
    if (!this.fallback) this.pull();
    return this.take(id, this.results.get(id) ?? this.fallback?.poll(id) ?? null);
  }

  /** Flies in line, in slices, what the thread left when it failed; nothing while it works. */
  advance(maxSteps: number): void {
    this.fallback?.advance(maxSteps);
  }

  confirming(id: number): boolean {
    if (this.fallback) return this.fallback.confirming(id);
    this.pull();
    return this.confirmingIds.has(id);
  }

  progress(id: number): number {
    if (this.fallback) return this.fallback.progress(id);
    this.pull();
    return this.flown.get(id) ?? 0;
  }

  clear(): void {
    this.flown.clear();
    this.jobs.clear();
    this.results.clear();
    this.confirmingIds.clear();
    this.fallback?.clear();
  }

  dispose(): void {
    this.clear();
    this.stop();
  }

  /** Hands a job to the thread. */
  protected abstract send(message: JobMessage): void;
  /** Ends the thread. */
  protected abstract stop(): void;
  /** Reads what the thread has posted, where that takes a call (Node); the page's arrives by itself. */
  protected pull(): void {}

  protected has(id: number): boolean {
    return this.jobs.has(id);
  }

  protected get failed(): InlineEvaluations | null {
    return this.fallback;
  }

  protected take(id: number, result: JobResult | null): JobResult | null {
    if (!result) return null;
    this.results.delete(id);
    this.jobs.delete(id);
    this.confirmingIds.delete(id);
    this.flown.delete(id);
    return result;
  }

  protected receive(message: ThreadMessage): void {
    if (message.kind === 'ready') this.ready = true;
    else if (!this.jobs.has(message.id))
      return; // a job of a run since replaced
    else if (message.kind === 'confirming') this.confirmingIds.add(message.id);
    else if (message.kind === 'progress') this.flown.set(message.id, message.steps);
    else if (message.kind === 'result') this.results.set(message.id, message.result);
    else this.fail(`an evaluation failed in its thread: ${message.message}`);
  }

  /** Flies every job not yet answered in line from now on. */
  protected fail(problem: string): void {
    if (this.fallback) return;
    this.problem = problem;
    this.fallback = new InlineEvaluations();
    this.stop();
    for (const [id, job] of this.jobs) if (!this.results.has(id)) this.fallback.submit(id, job);
  }
}
