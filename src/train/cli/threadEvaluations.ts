/**
 * Evaluation jobs on a thread of their own in Node (the command line, the tests, the benchmarks): a
 * worker_threads worker (evaluationThread.mjs) flies them while the trainer trains. The trainer's loop is
 * synchronous, so waiting for a due result blocks on a shared counter (Atomics.wait) and reads the reply
 * with receiveMessageOnPort. If the thread cannot start or fails, its jobs are flown in line instead: the
 * results are the same, only training waits for them.
 */
import { availableParallelism } from 'node:os';
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { InlineEvaluations } from '../loop/evaluationRunner';
import type { EvaluationMode, EvaluationRunner } from '../loop/evaluationRunner';
import { ThreadedEvaluations } from '../loop/threadedEvaluations';
import type { JobMessage, ThreadMessage } from '../loop/threadedEvaluations';

/** How long a thread may take to load before its jobs are flown in line (tsx compiles it on first load). */
const STARTUP_MS = 60_000;

export type { EvaluationMode };
export const EVALUATION_MODES: readonly EvaluationMode[] = ['auto', 'threaded', 'in-line'];

/** The runner for `mode`: auto is threaded where the machine has two cores or more, else in line. */
export function nodeEvaluations(mode: EvaluationMode = 'auto'): EvaluationRunner {
  const threaded = mode === 'threaded' || (mode === 'auto' && availableParallelism() >= 2);
  return threaded ? new ThreadEvaluations() : new InlineEvaluations();
}

export class ThreadEvaluations extends ThreadedEvaluations {
  private worker: Worker | null = null;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(4));
  private readonly startedAt = performance.now();

  constructor() {
    super();
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    // Neither keeps the process alive: a run that ends does not wait for the thread.
    this.port.unref();
    try {
      this.worker = new Worker(new URL('./evaluationThread.mjs', import.meta.url), {
        workerData: { port: port2, signal: this.signal },
        transferList: [port2],
      });
      this.worker.unref();
      this.worker.on('error', (e) => this.fail(`the evaluation thread failed: ${e.message}`));
    } catch (e) {
      this.fail(`the evaluation thread could not start: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  wait(id: number): void {
    const fallback = this.failed;
    if (fallback) return fallback.wait(id);
    if (!this.has(id)) throw new Error(`no evaluation job ${id}`);
    const seen = Atomics.load(this.signal, 0);
    this.pull();
    if (Atomics.load(this.signal, 0) === seen) Atomics.wait(this.signal, 0, seen, 1000);
    if (!this.ready && performance.now() - this.startedAt > STARTUP_MS) {
      this.fail(`the evaluation thread did not start within ${STARTUP_MS / 1000} s`);
    }
  }

  protected send(message: JobMessage): void {
    this.worker!.postMessage(message);
  }

  protected stop(): void {
    void this.worker?.terminate();
    this.worker = null;
  }

  protected override pull(): void {
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      this.receive(m.message as ThreadMessage);
    }
  }
}
