/**
 * The playground's training worker: one at a time (opening another ends the last), watched by a
 * heartbeat once open. A worker that fails to load or stops answering is reported as a crash; what the
 * page then shows and offers is the store's business.
 */
import * as Comlink from 'comlink';
import type { Config } from '../../config/hyperparameters';
import type { EngineChoice } from '../../agent/engines/engineTable';
import type { Progress, WorkerNotice } from '../../train/host/protocol';
import type { WorkerApi } from '../../train/host/worker';
import { startTrainingWorker } from '../shared/trainingWorker';
import type { TrainingWorker } from '../shared/trainingWorker';

export interface WorkerListeners {
  onProgress(p: Progress): void;
  onNotice(n: WorkerNotice): void;
  onCrash(what: string): void;
}

let current: TrainingWorker | null = null;
let heartbeat = 0;
const PING_TIMEOUT_MS = 700;

/** The worker answers a ping within a second while it lives; a missed one means it died. */
function watch(api: Comlink.Remote<WorkerApi>, onCrash: (what: string) => void): void {
  stopWatching();
  let waiting = false;
  heartbeat = window.setInterval(() => {
    if (waiting) return;
    waiting = true;
    const sent = performance.now();
    const timeout = new Promise<false>((r) => setTimeout(() => r(false), PING_TIMEOUT_MS));
    void Promise.race([api.ping(), timeout]).then((alive) => {
      waiting = false;
      // A page that was itself frozen (a long task, a background tab) proves nothing: ask again.
      const pageStalled = performance.now() - sent > 2 * PING_TIMEOUT_MS;
      if (!alive && !pageStalled && current?.api === api) onCrash('The training worker stopped responding.');
    });
  }, 300);
}

export function stopWatching(): void {
  clearInterval(heartbeat);
}

/** Ends the current worker and opens a training session on a new one; rejects when it cannot start. */
export async function openWorker(
  config: Config,
  choice: EngineChoice,
  listeners: WorkerListeners,
): ReturnType<WorkerApi['open']> {
  stopWatching();
  current?.worker.terminate();
  const { api } = (current = startTrainingWorker((message) =>
    listeners.onCrash(`The training worker stopped: ${message || 'it could not load'}.`),
  ));
  const opened = await api.open(
    config,
    choice,
    Comlink.proxy(listeners.onProgress),
    Comlink.proxy(listeners.onNotice),
    evaluationMode(),
  );
  watch(api, listeners.onCrash);
  return opened;
}

/**
 * Where evaluations run: `?evaluation=in-line` or `threaded` forces either (a hook for tests; results do not
 * depend on it), else the worker decides by the cores there are.
 */
function evaluationMode(): 'auto' | 'threaded' | 'in-line' {
  const asked = new URLSearchParams(location.search).get('evaluation');
  return asked === 'threaded' || asked === 'in-line' ? asked : 'auto';
}

/** The open worker's API; commands before the first open are a programming error. */
export function trainer(): Comlink.Remote<WorkerApi> {
  if (!current) throw new Error('the trainer has not started');
  return current.api;
}

export const hasTrainer = (): boolean => current !== null;

/** A fault drill: the worker dies as if it crashed, and the heartbeat is left to notice. */
export const killWorker = (): void => current?.worker.terminate();
