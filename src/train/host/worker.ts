/**
 * The Web Worker the playground trains in: it picks a learning engine, runs a TrainingSession and answers
 * the page's calls (through comlink). The page never trains.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.wasm?url';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm?url';
import * as Comlink from 'comlink';
import { loadKernel } from '../../agent/engines/kernel/kernelModule';
import type { KernelBuild, LoadedKernel } from '../../agent/engines/kernel/kernelModule';
import kernelRelaxedUrl from '../../agent/engines/kernel/build/relaxed.wasm?url';
import kernelScalarUrl from '../../agent/engines/kernel/build/scalar.wasm?url';
import kernelSimdUrl from '../../agent/engines/kernel/build/simd.wasm?url';
import type { Config } from '../../config/hyperparameters';
import { validateConfig } from '../../config/validate';
import type { EngineChoice } from '../../agent/engines/engineTable';
import { chooseEngine } from './engineChoice';
import type { EngineReport, ModelKind, WorkerNotice } from './protocol';
import { RunStore, storageUsage } from '../runs/runStore';
import type { RunSummary } from '../runs/runStore';
import { EpisodeHistory, historyCsv } from '../runs/history';
import { runName } from '../runs/runName';
import { checkpointModel } from '../runs/modelExport';
import { TrainingSession } from './session';
import type { Progress } from './progress';
import type { Speed } from './speed';
import type { SessionCheckpoint } from '../runs/savedRun';

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

/** The learning kernel's builds, served by the app itself like tfjs's. */
const KERNEL_URLS: Record<KernelBuild, string> = {
  relaxed: kernelRelaxedUrl,
  simd: kernelSimdUrl,
  scalar: kernelScalarUrl,
};
let kernel: Promise<LoadedKernel> | null = null;
const engineHost = {
  loadKernel: () =>
    (kernel ??= loadKernel(async (build) => {
      const response = await fetch(KERNEL_URLS[build]);
      if (!response.ok) throw new Error(`the ${build} kernel could not be fetched (HTTP ${response.status})`);
      return response.arrayBuffer();
    })),
};

/** Runs a task as soon as waiting messages are handled: setTimeout(0) is clamped to 4 ms when nested. */
const channel = new MessageChannel();
const immediate: (() => void)[] = [];
channel.port1.onmessage = () => immediate.shift()?.();

let session: TrainingSession | null = null;
let engine: EngineReport | null = null;
let listener: ((p: Progress) => void) | null = null;
let notify: ((n: WorkerNotice) => void) | null = null;

// Autosave: the current run's id and name, and one save at a time (a newer checkpoint replaces a waiting one).
let store: RunStore | null = null;
let storeProblem: string | null = null;
let run = newRun();
let waiting: { id: string; name: string; checkpoint: SessionCheckpoint } | null = null;
let saving = false;

/**
 * The name says what sets the run apart (runName.ts); it is fixed when first read, at the first save,
 * because the session it describes may not exist yet when the run is begun.
 */
function newRun(name?: string): { id: string; name: string } {
  const now = new Date();
  let fixed = name;
  return {
    id: `${now.toISOString()}-${Math.random().toString(36).slice(2, 8)}`,
    get name() {
      fixed ??= session
        ? runName(session.config)
        : `Run of ${now.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}`;
      return fixed;
    },
  };
}

async function flushSaves(): Promise<void> {
  if (saving || !store) return;
  saving = true;
  while (waiting) {
    const { id, name, checkpoint } = waiting;
    waiting = null;
    try {
      const { withReplay } = await store.save(id, name, checkpoint);
      notify?.({
        kind: 'saved',
        text: withReplay
          ? `Saved at episode ${checkpoint.trainer.episodes}.`
          : `Saved at episode ${checkpoint.trainer.episodes} without the replay memory: the browser's storage quota is full. A resumed run refills it.`,
      });
    } catch (e) {
      notify?.({
        kind: 'autosave-failed',
        text: `Autosave failed (${(e as Error).message || (e as Error).name}); training goes on unsaved.`,
      });
    }
  }
  saving = false;
}

function active(): TrainingSession {
  if (!session) throw new Error('the trainer has not started yet');
  return session;
}

function startSession(config: Config): TrainingSession {
  session?.dispose();
  session = new TrainingSession(
    config,
    {
      now: () => performance.now(),
      schedule: (task, delayMs) => {
        if (delayMs > 0) setTimeout(task, delayMs);
        else {
          immediate.push(task);
          channel.port2.postMessage(null);
        }
      },
      emit: (progress) => listener?.(progress),
      save: (checkpoint) => {
        if (!store) return;
        waiting = { ...run, checkpoint };
        void flushSaves();
      },
    },
    engine!.name,
  );
  return session;
}

async function savedRun(id: string): Promise<SessionCheckpoint> {
  if (!store) throw new Error(`saved runs are unavailable: ${storeProblem}`);
  return store.load(id);
}

const api = {
  /** Starts a session on the chosen engine; resolves with the engine and whether autosave works. */
  async open(
    config: Config,
    choice: EngineChoice,
    onProgress: (p: Progress) => void,
    onNotice: (n: WorkerNotice) => void,
  ): Promise<{ engine: EngineReport; autosave: string | null }> {
    const checked = validateConfig(config);
    if (!checked.ok) throw new Error(checked.errors.map((e) => e.message).join('; '));
    listener = onProgress;
    notify = onNotice;
    engine = await chooseEngine(choice, checked.value, engineHost);
    try {
      store ??= await RunStore.open();
    } catch (e) {
      storeProblem = (e as Error).message;
    }
    run = newRun();
    startSession(checked.value);
    watchContext();
    return { engine, autosave: store ? null : `Autosave is off: ${storeProblem}.` };
  },
  ping: () => true,
  start: () => active().start(),
  pause: () => active().pause(),
  stepEpisode: () => active().stepEpisode(),
  setSpeed: (speed: Speed) => active().setSpeed(speed),
  applyPatch: (patch: unknown) => active().applyPatch(patch),
  reset(config: unknown) {
    const result = active().reset(config);
    if (result.ok) run = newRun();
    return result;
  },
  watchGreedy: (source: 'current' | 'loaded') => active().watchGreedy(source),
  historyCsv: () => active().historyCsv(),
  evaluationsCsv: () => active().evaluationsCsv(),
  /** The latest weights, or the best evaluation's. */
  async model(kind: ModelKind = 'latest') {
    const files = await active().model(engine?.name ?? 'unknown', kind);
    return Comlink.transfer(files, [files.weights]);
  },
  async loadModel(json: string, weights: ArrayBuffer, use: 'watch' | 'continue') {
    const result = await active().loadModel(json, weights, use);
    if (use === 'continue') run = newRun();
    return result;
  },

  /** Saved runs (and how many are too damaged to list), the storage they use, and the current run's id. */
  async runs(): Promise<{
    runs: RunSummary[];
    damaged: number;
    usage: { used: number; quota: number } | null;
    current: string;
  }> {
    const { runs, damaged } = store ? await store.list() : { runs: [], damaged: 0 };
    return { runs, damaged, usage: await storageUsage(), current: run.id };
  },
  /**
   * Carries on with a saved run (a bad or missing one is refused and the current run kept); says whether
   * its replay memory came with it (it is left out when the storage quota was full).
   */
  async resumeRun(id: string): Promise<{ config: Config; withReplay: boolean }> {
    const saved = await savedRun(id);
    active().resume(saved);
    const list = store ? (await store.list()).runs : [];
    run = { id, name: list.find((r) => r.id === id)?.name ?? run.name };
    return { config: active().config, withReplay: saved.trainer.replay !== null };
  },
  renameRun: async (id: string, name: string) => {
    if (!store) throw new Error(`saved runs are unavailable: ${storeProblem}`);
    await store.rename(id, name);
    if (id === run.id) run = { ...run, name };
  },
  deleteRun: async (id: string) => {
    if (!store) throw new Error(`saved runs are unavailable: ${storeProblem}`);
    await store.delete(id);
  },
  async runModel(id: string, kind: ModelKind = 'latest') {
    const files = await checkpointModel(await savedRun(id), engine?.name ?? 'unknown', kind);
    return Comlink.transfer(files, [files.weights]);
  },
  runHistoryCsv: async (id: string) =>
    historyCsv(EpisodeHistory.load((await savedRun(id)).history).reports()),

  /** For tests and benchmarks: live tensors, the engine and tfjs backend in use, and a fault drill. */
  diagnostics: () => ({
    numTensors: tf.memory().numTensors,
    engine: engine?.name ?? null,
    backend: tf.getBackend(),
    // Chromium's non-standard heap figure; absent elsewhere.
    jsHeapBytes:
      (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? null,
  }),
  injectNaN: () => active().injectNaN(),
  /** Loses the WebGL context on purpose (WEBGL_lose_context), as a GPU reset would. */
  loseContext(): void {
    const gl = webglContext();
    if (!gl) throw new Error('the webgl backend is not running');
    gl.getExtension('WEBGL_lose_context')?.loseContext();
  },
};

/** The webgl backend's context, when it is the one running. */
function webglContext(): WebGL2RenderingContext | null {
  if (tf.getBackend() !== 'webgl') return null;
  return (tf.backend() as unknown as { gpgpu: { gl: WebGL2RenderingContext } }).gpgpu.gl;
}

/** A lost WebGL context stops training and is reported at once, so the page can offer a restart. */
function watchContext(): void {
  const canvas = webglContext()?.canvas;
  canvas?.addEventListener('webglcontextlost', (e) => {
    e.preventDefault();
    session?.pause();
    notify?.({
      kind: 'context-lost',
      text: 'The WebGL context was lost (the GPU was reset or reclaimed); training stopped.',
    });
  });
}

export type WorkerApi = typeof api;
Comlink.expose(api);
