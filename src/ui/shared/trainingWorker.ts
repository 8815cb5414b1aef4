/**
 * A training session in its own Web Worker, driven through Comlink: the playground's run and each sweep
 * trial start one the same way. The worker imports TensorFlow.js; the page never does.
 */
import * as Comlink from 'comlink';
import type { WorkerApi } from '../../train/host/worker';

export interface TrainingWorker {
  worker: Worker;
  api: Comlink.Remote<WorkerApi>;
}

/** `onError` hears why the worker stopped, or '' when it does not say. */
export function startTrainingWorker(onError: (message: string) => void): TrainingWorker {
  const worker = new Worker(new URL('../../train/host/worker.ts', import.meta.url), { type: 'module' });
  // A script that fails to load fires a plain Event, with no message.
  worker.addEventListener('error', (e: Event) => onError(e instanceof ErrorEvent ? e.message : ''));
  return { worker, api: Comlink.wrap<WorkerApi>(worker) };
}
