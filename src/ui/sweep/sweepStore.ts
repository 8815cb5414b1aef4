/**
 * A sweep in the page: its trials train at once, each in its own worker (a whole training session, which
 * autosaves like any run), `jobs` at a time with the rest queued. Their curves grow on the comparison
 * chart; the drawn lander follows one trial; the sweep is kept in localStorage, so after the tab is
 * closed its trials resume from their checkpoints.
 */
import * as Comlink from 'comlink';
import { create } from 'zustand';
import type { Config } from '../../config/hyperparameters';
import { fromCheckpoint } from '../../train/runs/comparedRun';
import type { ComparedRun } from '../../train/runs/comparedRun';
import type { EngineChoice } from '../../agent/engines/engineTable';
import type { Progress } from '../../train/host/protocol';
import { runName } from '../../train/runs/runName';
import { RunStore } from '../../train/runs/runStore';
import type { PageTrial } from '../../train/sweep/pagePlan';
import { useCompare } from '../compare/compareStore';
import { actions, frames, useTraining } from '../playground/trainingStore';
import { savedRuns, useSavedRuns } from '../runs/savedRuns';
import { startTrainingWorker } from '../shared/trainingWorker';
import type { TrainingWorker } from '../shared/trainingWorker';

export type TrialPhase = 'queued' | 'starting' | 'running' | 'finishing' | 'done' | 'failed';
export type SweepPhase = 'idle' | 'running' | 'paused' | 'stopped' | 'done';

export interface SweepTrial {
  index: number;
  label: string;
  name: string;
  config: Config;
  /** The saved run it trains into, once its worker has begun it. */
  runId: string | null;
  phase: TrialPhase;
  episodes: number;
  solvedAt: number | null;
  /** Wall time spent training, over every resume. */
  seconds: number;
  error: string | null;
}

interface SweepState {
  phase: SweepPhase;
  trials: SweepTrial[];
  jobs: number;
  /** The trial whose lander is drawn. */
  follow: number | null;
}

/** Cores to spare: one is left for the page. */
export const maxJobs = () => Math.max(1, (globalThis.navigator?.hardwareConcurrency || 2) - 1);

export const useSweep = create<SweepState>(() => ({
  phase: 'idle',
  trials: [],
  jobs: maxJobs(),
  follow: null,
}));

const STORAGE_KEY = 'lander-lab-sweep';
/** How long a finishing trial waits for its last checkpoint to be stored. */
const SAVE_WAIT_MS = 15_000;

interface Live extends TrainingWorker {
  since: number;
  finishing: boolean;
}
const live = new Map<number, Live>();
const curves = new Map<number, ComparedRun>();
let flushTimer = 0;

function persist(): void {
  const { phase, trials, jobs, follow } = useSweep.getState();
  try {
    if (phase === 'idle') localStorage.removeItem(STORAGE_KEY);
    else localStorage.setItem(STORAGE_KEY, JSON.stringify({ phase, trials, jobs, follow }));
  } catch {
    // Private mode or a full quota: the sweep runs on, it just cannot outlive the tab.
  }
}

function setTrial(index: number, patch: Partial<SweepTrial>): void {
  useSweep.setState(({ trials }) => ({
    trials: trials.map((t) => (t.index === index ? { ...t, ...patch } : t)),
  }));
  persist();
}
const trial = (index: number) => useSweep.getState().trials.find((t) => t.index === index)!;

/** The chart gets the growing curves a few times a second, not once per episode. */
function scheduleFlush(): void {
  if (flushTimer) return;
  flushTimer = window.setTimeout(() => {
    flushTimer = 0;
    const runs = useSweep.getState().trials.flatMap((t) => curves.get(t.index) ?? []);
    useCompare.setState({ runs: [...runs] });
  }, 250);
}

function emptyRun(t: SweepTrial): ComparedRun {
  const curve = { episode: [], return: [], avg100: [], epsilon: [] };
  return {
    id: `sweep-${t.index}`,
    name: t.name,
    origin: 'saved',
    preset: 'lab',
    config: t.config,
    curves: curve,
    evaluations: [],
  };
}

function onProgress(index: number, p: Progress): void {
  const run = curves.get(index);
  const entry = live.get(index);
  if (!run || !entry) return;
  const c = run.curves;
  if (p.replaced) for (const column of Object.values(c)) column.length = 0;
  for (const e of p.episodes) {
    c.episode.push(e.episode);
    c.return.push(e.return);
    c.avg100.push(e.avg100);
    c.epsilon.push(e.epsilon);
  }
  // Evaluation points (issue 9) arrive with progress once the trainer makes them.
  const evaluations = (p as { evaluations?: { episode: number; mean: number; landingRate: number }[] })
    .evaluations;
  if (p.replaced && evaluations) run.evaluations.length = 0;
  for (const e of evaluations ?? [])
    run.evaluations.push({ episode: e.episode, mean: e.mean, landingRate: e.landingRate });
  if (useSweep.getState().follow === index && p.frames) {
    frames.latest = p.frames;
    frames.version++;
  }
  const t = trial(index);
  if (p.status.episode !== t.episodes || (p.status.solved?.episode ?? null) !== t.solvedAt)
    setTrial(index, { episodes: p.status.episode, solvedAt: p.status.solved?.episode ?? null });
  if (!entry.finishing && (p.status.solved || p.status.episode >= t.config.maxEpisodes))
    void finish(index, 'done');
  scheduleFlush();
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Pauses a trial (which saves it), waits until its checkpoint is stored, and ends its worker. */
async function finish(index: number, phase: 'done' | 'queued'): Promise<void> {
  const entry = live.get(index);
  if (!entry || entry.finishing) return;
  entry.finishing = true;
  if (phase === 'done') setTrial(index, { phase: 'finishing' });
  try {
    await entry.api.pause();
    const { runId } = trial(index);
    const { episodes } = trial(index);
    for (const until = performance.now() + SAVE_WAIT_MS; performance.now() < until; await sleep(200)) {
      const saved = (await entry.api.runs()).runs.find((r) => r.id === runId);
      if (saved && saved.episodes >= episodes) break;
    }
  } catch (e) {
    setTrial(index, { error: `its last save may be missing: ${(e as Error).message}` });
  }
  entry.worker.terminate();
  live.delete(index);
  setTrial(index, { phase, seconds: trial(index).seconds + (performance.now() - entry.since) / 1000 });
  void savedRuns.refresh();
  if (phase === 'done') {
    fill();
    settle();
  }
}

function fail(index: number, why: string): void {
  const entry = live.get(index);
  entry?.worker.terminate();
  live.delete(index);
  setTrial(index, { phase: 'failed', error: why });
  fill();
  settle();
}

/**
 * Trials on the CPU engines (the kernel, or tfjs-cpu where the page runs it): many WebGL contexts at once
 * would share one GPU and slow each other.
 */
const trialEngine = (): EngineChoice =>
  useTraining.getState().engine?.name === 'tfjs-cpu' ? 'tfjs-cpu' : 'kernel';

async function launch(index: number): Promise<void> {
  const t = trial(index);
  setTrial(index, { phase: 'starting', error: null });
  const { worker, api } = startTrainingWorker((message) =>
    fail(index, message || 'its worker could not load'),
  );
  live.set(index, { worker, api, since: performance.now(), finishing: false });
  curves.set(index, curves.get(index) ?? emptyRun(t));
  try {
    const { autosave } = await api.open(
      t.config,
      trialEngine(),
      Comlink.proxy((p: Progress) => onProgress(index, p)),
      Comlink.proxy(() => undefined),
    );
    if (autosave) setTrial(index, { error: autosave });
    const resumed =
      t.runId !== null &&
      (await api.resumeRun(t.runId).then(
        () => true,
        () => false,
      ));
    if (!resumed) setTrial(index, { runId: (await api.runs()).current });
    await api.setSpeed(Infinity);
    if (useSweep.getState().phase === 'running') await api.start();
    setTrial(index, { phase: 'running' });
  } catch (e) {
    fail(index, (e as Error).message);
  }
}

/** Starts queued trials while slots are free. */
function fill(): void {
  const { phase, trials, jobs } = useSweep.getState();
  if (phase !== 'running') return;
  let free = jobs - live.size;
  for (const t of trials) {
    if (free <= 0) break;
    if (t.phase === 'queued' && !live.has(t.index)) {
      free--;
      void launch(t.index);
    }
  }
}

function settle(): void {
  const { phase, trials } = useSweep.getState();
  if (phase === 'running' && trials.every((t) => t.phase === 'done' || t.phase === 'failed')) {
    useSweep.setState({ phase: 'done' });
    persist();
  }
}

export const sweep = {
  start(planned: readonly PageTrial[], jobs: number): void {
    if (live.size) return;
    curves.clear();
    const trials: SweepTrial[] = planned.map((p) => ({
      index: p.index,
      label: p.label,
      name: runName(p.config),
      config: p.config,
      runId: null,
      phase: 'queued',
      episodes: 0,
      solvedAt: null,
      seconds: 0,
      error: null,
    }));
    trials.forEach((t) => curves.set(t.index, emptyRun(t)));
    useSweep.setState({ phase: 'running', trials, jobs: Math.max(1, Math.min(jobs, maxJobs())), follow: 0 });
    persist();
    // The playground's own run waits: the sweep has the cores.
    if (useTraining.getState().status?.state === 'running') actions.pause();
    scheduleFlush();
    fill();
  },

  pause(): void {
    if (useSweep.getState().phase !== 'running') return;
    useSweep.setState({ phase: 'paused' });
    persist();
    for (const entry of live.values()) if (!entry.finishing) void entry.api.pause();
  },

  resume(): void {
    const { phase } = useSweep.getState();
    if (phase !== 'paused') return;
    useSweep.setState({ phase: 'running' });
    persist();
    for (const entry of live.values()) if (!entry.finishing) void entry.api.start();
    fill();
  },

  /** Ends the sweep: running trials are saved where they are; the ranking covers what was trained. */
  async stop(): Promise<void> {
    const { phase } = useSweep.getState();
    if (phase !== 'running' && phase !== 'paused') return;
    useSweep.setState({ phase: 'stopped' });
    await Promise.all([...live.keys()].map((i) => finish(i, 'queued')));
    persist();
  },

  setJobs(jobs: number): void {
    useSweep.setState({ jobs: Math.max(1, Math.min(Math.round(jobs) || 1, maxJobs())) });
    persist();
    fill();
  },

  follow(index: number): void {
    useSweep.setState({ follow: index });
    persist();
  },

  /** Clears a finished or stopped sweep from the page (its trials stay saved runs). */
  dismiss(): void {
    if (live.size) return;
    curves.clear();
    useSweep.setState({ phase: 'idle', trials: [] });
    useCompare.setState({ runs: [] });
    persist();
  },

  /** On opening the page: a sweep left running comes back paused, its curves read from the saved runs. */
  async restore(): Promise<void> {
    let saved: SweepState | null = null;
    try {
      saved = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? 'null') as SweepState | null;
    } catch {
      saved = null;
    }
    if (!saved || !Array.isArray(saved.trials) || saved.trials.length === 0) return;
    const interrupted = saved.phase === 'running' || saved.phase === 'paused';
    const trials = saved.trials.map((t) =>
      ['starting', 'running', 'finishing'].includes(t.phase) ? { ...t, phase: 'queued' as const } : t,
    );
    // A trial's run belongs to the sweep: offering it to the playground would train it twice at once.
    const ids = trials.map((t) => t.runId);
    useSavedRuns.subscribe((s) => {
      if (s.resumeOffer && ids.includes(s.resumeOffer.id)) savedRuns.declineResume();
    });
    useSweep.setState({
      ...saved,
      trials,
      phase: interrupted ? 'paused' : saved.phase,
      jobs: Math.min(saved.jobs, maxJobs()),
    });
    const store = await RunStore.open().catch(() => null);
    for (const t of trials) {
      const checkpoint = t.runId && store ? await store.load(t.runId).catch(() => null) : null;
      curves.set(t.index, checkpoint ? fromCheckpoint(`sweep-${t.index}`, t.name, checkpoint) : emptyRun(t));
    }
    scheduleFlush();
  },
};
