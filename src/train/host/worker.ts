/**
 * The Web Worker the playground trains in: it picks a learning engine, runs a TrainingSession and answers
 * the page's calls (through comlink). The page never trains. Where its WebAssembly comes from
 * (workerEngines.ts), autosave (autosaveQueue.ts) and the WebGL context (webglContext.ts) are beside it.
 */
import * as tf from '@tensorflow/tfjs';
import * as Comlink from 'comlink';
import type { EngineChoice } from '../../agent/engines/engineTable';
import type { Config } from '../../config/hyperparameters';
import { validateConfig } from '../../config/validate';
import { envOptions } from '../loop/evaluation';
import type { ExportedNetwork, ModelSource } from '../runs/exportedNetwork';
import { EpisodeHistory, historyCsv } from '../runs/history';
import { checkpointModel } from '../runs/modelExport';
import { runName } from '../runs/runName';
import { RunStore, storageUsage } from '../runs/runStore';
import type { RunSummary } from '../runs/runStore';
import type { SessionCheckpoint } from '../runs/savedRun';
import type { SharedModel } from '../runs/modelLink';
import { AutosaveQueue } from './autosaveQueue';
import { newRun } from './currentRun';
import type { CurrentRun } from './currentRun';
import { EarlyFlight } from './earlyFlight';
import { chooseEngine } from './engineChoice';
import { loadedFromLink } from './linkedModel';
import { describeLoaded, readLoadedSource } from './loadedModel';
import type { LoadedModel } from './loadedModel';
import type { Progress } from './progress';
import { FlightRecorder, loadedNetwork } from './recordedFlight';
import type { RecordedFlight } from './recordedFlight';
import type { EngineReport, LoadResult, ModelFile, ModelKind, ModelUse, WorkerNotice } from './protocol';
import { TrainingSession } from './session';
import type { Speed } from './speed';
import { loseContext, onContextLost } from './webglContext';
import { workerEngineHost } from './workerEngines';
import { workerEvaluations } from './workerEvaluations';
import type { EvaluationMode } from '../loop/evaluationRunner';

/** Runs a task as soon as waiting messages are handled: setTimeout(0) is clamped to 4 ms when nested. */
const channel = new MessageChannel();
const immediate: (() => void)[] = [];
channel.port1.onmessage = () => immediate.shift()?.();

/** Steps of a recorded flight flown between two of training's slices (a few ms). */
const FLIGHT_CHUNK_STEPS = 100;

let session: TrainingSession | null = null;
let engine: EngineReport | null = null;
let listener: ((p: Progress) => void) | null = null;
let notify: ((n: WorkerNotice) => void) | null = null;

let store: RunStore | null = null;
let storeProblem: string | null = null;
let autosave: AutosaveQueue | null = null;
const beginRun = () => newRun(() => session && runName(session.config));
let run: CurrentRun = beginRun();

/** The last model loaded (kept by the worker, not the session: watching it needs no trainer). */
let loaded: LoadedModel | null = null;
/** A loaded model flying before the session exists; the session takes it over when it starts. */
let early: EarlyFlight | null = null;
/** Where evaluations run: a second worker where there are two cores (`open` may force either, for tests). */
let evaluationMode: EvaluationMode = 'auto';
/** The settings `open` was given, for flights before the session exists. */
let opening: Config | null = null;
/** The session once `open` has started it (a continued load waits for it); rejects when it cannot start. */
let started!: (s: TrainingSession) => void;
let failed!: (e: unknown) => void;
const firstSession = new Promise<TrainingSession>((resolve, reject) => {
  started = resolve;
  failed = reject;
});
firstSession.catch(() => {}); // Only a waiting load hears of it; open's caller is told itself.

function active(): TrainingSession {
  if (!session) throw new Error('the trainer has not started yet');
  return session;
}

/** Flies the loaded model: in the session when there is one, else at once, before it (earlyFlight.ts). */
function watchLoaded(model: LoadedModel): boolean {
  if (session) return session.watchGreedy(model);
  if (!opening) throw new Error('the worker has not been opened yet');
  early ??= new EarlyFlight(opening, {
    schedule: (task, delayMs) => setTimeout(task, delayMs),
    emit: (progress) => listener?.(progress),
  });
  return early.fly(model);
}

/** The network an export or a recording takes: the trainer's latest or best, or the loaded model. */
function exportedNetwork(source: ModelSource): ExportedNetwork {
  if (source !== 'loaded') return active().network(source === 'best' ? 'best' : 'latest');
  if (!loaded) throw new Error('no model has been loaded');
  return loadedNetwork(loaded);
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
      save: (checkpoint) => autosave?.save(run, checkpoint),
      evaluations: () => workerEvaluations(evaluationMode),
    },
    engine!.name,
  );
  return session;
}

async function savedRun(id: string): Promise<SessionCheckpoint> {
  if (!store) throw new Error(`saved runs are unavailable: ${storeProblem}`);
  return store.load(id);
}

/** Flies a model read from a file or a link, or continues training from it. */
async function take(model: LoadedModel, use: ModelUse): Promise<LoadResult> {
  const info = describeLoaded(model);
  const trained = model.episodes !== null ? `, trained ${model.episodes} episodes` : '';
  const what = `${model.name} (${info.network} network${trained})`;
  if (use === 'watch') {
    loaded = model;
    // Said in the past tense: the message stays on the page after the flight it reports has ended.
    const flies = watchLoaded(model);
    return {
      model: info,
      config: null,
      message: flies
        ? `Loaded ${what} and started one greedy episode of it (ε = 0).`
        : `Loaded ${what}. Another flight was under way, so it did not start: “Watch loaded model” flies it.`,
    };
  }
  const continued = (session ?? (await firstSession)).continueFrom(
    model,
    use === 'continue-own' ? 'model' : 'page',
  );
  loaded = model;
  run = beginRun();
  return { model: info, ...continued };
}

const api = {
  /**
   * Starts a session on the chosen engine; resolves with the engine and whether autosave works.
   * `evaluation` forces where evaluations run (the tests' hook; results are the same either way).
   */
  async open(
    config: Config,
    choice: EngineChoice,
    onProgress: (p: Progress) => void,
    onNotice: (n: WorkerNotice) => void,
    evaluation: EvaluationMode = 'auto',
  ): Promise<{ engine: EngineReport; autosave: string | null }> {
    const checked = validateConfig(config);
    if (!checked.ok) throw new Error(checked.errors.map((e) => e.message).join('; '));
    evaluationMode = evaluation;
    listener = onProgress;
    notify = onNotice;
    opening = checked.value;
    try {
      engine = await chooseEngine(choice, checked.value, workerEngineHost);
    } catch (e) {
      failed(e);
      throw e;
    }
    try {
      store ??= await RunStore.open();
      autosave ??= new AutosaveQueue(store, (n) => notify?.(n));
    } catch (e) {
      storeProblem = (e as Error).message;
    }
    run = beginRun();
    startSession(checked.value);
    if (early) session!.takeOver(early.handOver());
    early = null;
    started(session!);
    onContextLost(() => {
      session?.pause();
      notify?.({
        kind: 'context-lost',
        text: 'The WebGL context was lost (the GPU was reset or reclaimed); training stopped.',
      });
    });
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
    if (result.ok) run = beginRun();
    return result;
  },
  /** Flies the training agent, or the loaded model; false while another flight is under way. */
  watchGreedy(source: 'current' | 'loaded'): boolean {
    if (source === 'current') return active().watchGreedy();
    if (!loaded) throw new Error('no model has been loaded to watch');
    return watchLoaded(loaded);
  },
  historyCsv: () => active().historyCsv(),
  evaluationsCsv: () => active().evaluationsCsv(),
  /** The latest weights, or the best evaluation's. */
  async model(kind: ModelKind = 'latest') {
    const files = await active().model(engine?.name ?? 'unknown', kind);
    return Comlink.transfer(files, [files.weights]);
  },
  /**
   * The current network, the best evaluation's or the loaded model's as an ONNX file (the protobuf
   * writer loads on the first call, so the worker's first load does not grow).
   */
  async onnx(source: ModelSource): Promise<Uint8Array<ArrayBuffer>> {
    const network = exportedNetwork(source);
    const { onnxModel } = await import('../../agent/model/onnxFormat');
    const bytes = onnxModel(network.shape, network.weights, {
      metadata: { ...network.metadata, engine: engine?.name ?? 'unknown' },
    });
    return Comlink.transfer(bytes, [bytes.buffer]);
  },
  /**
   * One greedy episode of the current, best or loaded network from `seed`, every frame kept, for the page
   * to record: flown on a lander of its own (recordedFlight.ts), a chunk of steps at a time with
   * training's slices between, so training goes on as it would have.
   */
  async recordFlight(source: ModelSource, seed: number): Promise<RecordedFlight> {
    const config = session?.config ?? opening;
    if (!config) throw new Error('the worker has not been opened yet');
    const recorder = new FlightRecorder(exportedNetwork(source), envOptions(config), seed);
    for (;;) {
      const flight = recorder.advance(FLIGHT_CHUNK_STEPS);
      if (flight) return flight;
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  },
  /**
   * The same model as one Keras file: the legacy .h5 in the course's layout, or Keras 3's .keras (HDF5
   * loads on this first use).
   */
  async kerasModel(kind: ModelKind = 'latest', format: 'h5' | 'keras' = 'h5'): Promise<ArrayBuffer> {
    const files = await active().model(engine?.name ?? 'unknown', kind);
    const written =
      format === 'h5'
        ? await (await import('../../agent/model/kerasH5')).kerasH5FromLayers(files)
        : await (await import('../../agent/model/kerasArchive')).kerasArchiveFromLayers(files);
    const bytes = written.buffer as ArrayBuffer;
    return Comlink.transfer(bytes, [bytes]);
  },
  /**
   * Reads a model file and flies it (at once, trainer or not), or continues training from it with its own
   * settings or the page's (once the trainer has started). A bad file, or settings the table refuses,
   * reject with the reason, and the model loaded before stays.
   */
  async loadModel(source: ModelFile, name: string, use: ModelUse): Promise<LoadResult> {
    return take(await readLoadedSource(source, name), use);
  },
  /** A model from a link, read and checked by the page (runs/modelLink.ts): flown or trained on as loadModel's. */
  loadLinked: (model: SharedModel, use: ModelUse): Promise<LoadResult> => take(loadedFromLink(model), use),

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
  /** Loses the WebGL context on purpose, as a GPU reset would. */
  loseContext,
};

export type WorkerApi = typeof api;
Comlink.expose(api);
