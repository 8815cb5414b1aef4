/**
 * Evaluation jobs in the page on a thread of their own: a second Web Worker (evaluationWorker.ts), where
 * the machine has two cores or more; on one core, or when that worker cannot start or fails, they are
 * flown in line, in slices between training's (the session flies them while training waits). Where they
 * run never changes what they give.
 */
import { InlineEvaluations } from '../loop/evaluationRunner';
import type { EvaluationMode, EvaluationRunner } from '../loop/evaluationRunner';
import { ThreadedEvaluations } from '../loop/threadedEvaluations';
import type { JobMessage, ThreadMessage } from '../loop/threadedEvaluations';

/** The runner for `mode`: auto is threaded where the browser reports two cores or more. */
export function workerEvaluations(mode: EvaluationMode = 'auto'): EvaluationRunner {
  const cores = typeof navigator === 'undefined' ? 1 : (navigator.hardwareConcurrency ?? 1);
  const threaded = mode === 'threaded' || (mode === 'auto' && cores >= 2);
  return threaded ? new WorkerEvaluations() : new InlineEvaluations();
}

class WorkerEvaluations extends ThreadedEvaluations {
  private worker: Worker | null = null;

  constructor() {
    super();
    try {
      this.worker = new Worker(new URL('./evaluationWorker.ts', import.meta.url), { type: 'module' });
      this.worker.onmessage = (e: MessageEvent<ThreadMessage>) => this.receive(e.data);
      this.worker.onerror = (e) => {
        e.preventDefault();
        this.fail(`the evaluation worker failed: ${e.message || 'it could not load'}`);
      };
    } catch (e) {
      this.fail(`the evaluation worker could not start: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  protected send(message: JobMessage): void {
    this.worker!.postMessage(message);
  }

  protected stop(): void {
    this.worker?.terminate();
    this.worker = null;
  }
}
