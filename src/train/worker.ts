/**
 * The Web Worker the playground trains in: it picks a TensorFlow.js backend, runs a TrainingSession and
 * answers the page's calls (through comlink). The page never trains.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.wasm?url';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm?url';
import * as Comlink from 'comlink';
import type { Config } from '../config/hyperparameters';
import { validateConfig } from '../config/validate';
import { chooseBackend } from './backends';
import type { BackendChoice, BackendReport } from './protocol';
import { TrainingSession } from './session';
import type { Progress, Speed } from './session';

// Served by the app itself: no request leaves the page's origin. tfjs wants all three named, but the
// threaded build is switched off below (it fails after minification and gave no speed-up at this size).
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
// Software WebGL (no GPU) is allowed, so that 'webgl' can be chosen anywhere; 'auto' times it first.
tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
tf.env().set('PROD', true);

/** Runs a task as soon as waiting messages are handled: setTimeout(0) is clamped to 4 ms when nested. */
const channel = new MessageChannel();
const immediate: (() => void)[] = [];
channel.port1.onmessage = () => immediate.shift()?.();

let session: TrainingSession | null = null;
let backend: BackendReport | null = null;
let listener: ((p: Progress) => void) | null = null;

function active(): TrainingSession {
  if (!session) throw new Error('the trainer has not started yet');
  return session;
}

const api = {
  /** Starts (or restarts) a session on the chosen backend; resolves with the backend report. */
  async open(
    config: Config,
    choice: BackendChoice,
    onProgress: (p: Progress) => void,
  ): Promise<BackendReport> {
    const checked = validateConfig(config);
    if (!checked.ok) throw new Error(checked.errors.map((e) => e.message).join('; '));
    session?.dispose();
    session = null;
    listener = onProgress;
    backend = await chooseBackend(choice);
    session = new TrainingSession(checked.value, {
      now: () => performance.now(),
      schedule: (task, delayMs) => {
        if (delayMs > 0) setTimeout(task, delayMs);
        else {
          immediate.push(task);
          channel.port2.postMessage(null);
        }
      },
      emit: (progress) => listener?.(progress),
    });
    return backend;
  },
  start: () => active().start(),
  pause: () => active().pause(),
  stepEpisode: () => active().stepEpisode(),
  setSpeed: (speed: Speed) => active().setSpeed(speed),
  applyPatch: (patch: unknown) => active().applyPatch(patch),
  reset: (config: unknown) => active().reset(config),
  watchGreedy: (source: 'current' | 'loaded') => active().watchGreedy(source),
  historyCsv: () => active().historyCsv(),
  async model() {
    const files = await active().model(backend?.name ?? 'unknown');
    return Comlink.transfer(files, [files.weights]);
  },
  loadModel: (json: string, weights: ArrayBuffer, use: 'watch' | 'continue') =>
    active().loadModel(json, weights, use),
  /** For tests and benchmarks: live tensors and the backend in use. */
  diagnostics: () => ({ numTensors: tf.memory().numTensors, backend: tf.getBackend() }),
};

export type WorkerApi = typeof api;
Comlink.expose(api);
