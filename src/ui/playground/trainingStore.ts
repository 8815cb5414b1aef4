/**
 * The page's view of the training worker: what it reported (status, episode history, the agent's last
 * choice, solved), the settings being edited, and marks on the curves. Commands go to the worker through
 * `actions`, which join the worker client, the saved runs, the address and the chart marks; nothing here
 * trains.
 *
 * Fast-changing data stays out of React state: frames (up to 50 per second) and the episode columns (up
 * to thousands of rows) live in plain holders, and components read them on animation frames.
 */
import { create } from 'zustand';
import type { Config, Key } from '../../config/hyperparameters';
import { SPECS } from '../../config/hyperparameters';
import { PRESETS } from '../../config/presets';
import type { EngineChoice } from '../../agent/engines/engineTable';
import type { RenderSnapshot } from '../../env/types';
import type {
  EngineReport,
  DrawnDecision,
  EvaluationReport,
  ModelKind,
  InsightFrame,
  LoadedModelInfo,
  LoadResult,
  ModelFile,
  ModelUse,
  PolicyMapFrame,
  Progress,
  ProvenReport,
  SolvedReport,
  Speed,
  Status,
  WorkerNotice,
} from '../../train/host/protocol';
import type { SharedModel } from '../../train/runs/modelLink';
import { currentRun, savedRuns, useSavedRuns } from '../runs/savedRuns';
import { writeAddress } from '../shared/address';
import type { Address } from '../shared/address';
import { dismiss, errorText, say } from '../shared/messages';
import { markPreset, markSetting, markSolved } from './chartMarks';
import type { Mark } from './chartMarks';
import { addEvaluations } from './evaluationColumns';
import { kerasFileTooBig, modelFilesTooBig } from './modelFileChecks';
import { killWorker, openWorker, stopWatching, trainer } from './workerClient';

/** Episode columns for the charts, appended in place; `version` in the store says when they grew. */
export const history = {
  episode: [] as number[],
  return: [] as number[],
  avg100: [] as number[],
  epsilon: [] as number[],
  loss: [] as (number | null)[],
  meanMaxQ: [] as (number | null)[],
  stepsPerSecond: [] as number[],
  /** A greedy evaluation's mean and standard deviation at the episode after which it ran; null elsewhere. */
  evalMean: [] as (number | null)[],
  evalStd: [] as (number | null)[],
};
export const frames: { latest: RenderSnapshot[] | null; version: number } = { latest: null, version: 0 };
/** The last policy map (a few times a second), drawn on animation frames like the lander. */
export const policyMap: { latest: PolicyMapFrame | null; version: number } = { latest: null, version: 0 };

interface TrainingState {
  phase: 'starting' | 'ready' | 'failed';
  /** The worker died or lost its GPU context: what happened; the page offers a restart. */
  crash: string | null;
  engine: EngineReport | null;
  engineChoice: EngineChoice;
  status: Status | null;
  decision: DrawnDecision | null;
  /** The drawn env's network, reward parts and Bellman target (the map is kept in `policyMap`). */
  insight: Omit<InsightFrame, 'map'> | null;
  solved: SolvedReport | null;
  /** When the run was proven (solved, and a best model whose confirmation clears the bar), null until then. */
  proven: ProvenReport | null;
  /** The first greedy evaluation whose mean reached 200 (the stricter milestone), null until then. */
  greedyLands: EvaluationReport | null;
  /** The milestone banners the user closed: they stay closed until the run is replaced (Reset, resume). */
  dismissed: Milestone[];
  historyVersion: number;
  marks: Mark[];
  /** The settings as edited; restart ones differ from the running config until Reset. */
  draft: Config;
  /** The model last loaded into this worker, which “Watch loaded model” flies; null before one is. */
  loaded: LoadedModelInfo | null;
}

/** The milestones that have a banner the user may close. */
export type Milestone = 'solved' | 'greedyLands' | 'proven';

export const useTraining = create<TrainingState>(() => ({
  phase: 'starting',
  crash: null,
  engine: null,
  engineChoice: 'auto',
  status: null,
  decision: null,
  insight: null,
  solved: null,
  proven: null,
  greedyLands: null,
  dismissed: [],
  historyVersion: 0,
  marks: [],
  draft: PRESETS.lab.config,
  loaded: null,
}));

// Fault drills reachable from the browser tests (and a curious user's console): see actions.drills.
Object.assign(globalThis, { landerLabDrills: () => actions.drills });

function clearHistory(): void {
  for (const column of Object.values(history)) column.length = 0;
  frames.latest = null;
  policyMap.latest = null;
  policyMap.version++;
  useTraining.setState((s) => ({
    historyVersion: s.historyVersion + 1,
    solved: null,
    proven: null,
    greedyLands: null,
    dismissed: [],
    marks: [],
    insight: null,
  }));
}

function onProgress(p: Progress): void {
  if (p.replaced) {
    for (const column of Object.values(history)) column.length = 0;
    useTraining.setState({ marks: [], solved: null, proven: null, greedyLands: null, dismissed: [] });
  }
  for (const e of p.episodes) {
    history.episode.push(e.episode);
    history.return.push(e.return);
    history.avg100.push(e.avg100);
    history.epsilon.push(e.epsilon);
    history.loss.push(e.loss);
    history.meanMaxQ.push(e.meanMaxQ);
    history.stepsPerSecond.push(e.stepsPerSecond);
    history.evalMean.push(null);
    history.evalStd.push(null);
  }
  const greedyLands = addEvaluations(history, p.evaluations, useTraining.getState().greedyLands);
  if (p.frames) {
    frames.latest = p.frames;
    frames.version++;
  }
  if (p.insight?.map) {
    policyMap.latest = p.insight.map;
    policyMap.version++;
  }
  useTraining.setState((s) => ({
    status: p.status,
    decision: p.decision ?? s.decision,
    insight: p.insight ?? s.insight,
    historyVersion: p.episodes.length || p.evaluations.length ? s.historyVersion + 1 : s.historyVersion,
    solved: p.status.solved,
    proven: p.status.proven,
    greedyLands,
    marks:
      p.solved || (p.replaced && p.status.solved) ? markSolved(s.marks, p.status.solved!.episode) : s.marks,
  }));
  // After a rollback or a resume the worker's settings are the truth.
  if (p.replaced) setDraft(p.status.config);
  if (p.fault) say('error', p.fault);
}

function onNotice(n: WorkerNotice): void {
  if (n.kind === 'saved') savedRuns.saved(n.text);
  else if (n.kind === 'context-lost') crashed(n.text);
  else savedRuns.saveFailed(n.text);
}

function crashed(what: string): void {
  stopWatching();
  if (useTraining.getState().crash) return;
  useTraining.setState({ phase: 'failed', crash: what });
}

/** The edited settings, kept in the address too, so that a link reproduces the setup. */
function setDraft(draft: Config): void {
  useTraining.setState({ draft });
  writeAddress({ config: draft, engine: useTraining.getState().engineChoice });
}

function setEngineChoice(engineChoice: EngineChoice): void {
  useTraining.setState({ engineChoice });
  writeAddress({ config: useTraining.getState().draft, engine: engineChoice });
}

async function open(config: Config, choice: EngineChoice, resumeId?: string): Promise<void> {
  // A new worker holds no loaded model.
  useTraining.setState({
    phase: 'starting',
    engine: null,
    status: null,
    decision: null,
    crash: null,
    loaded: null,
  });
  clearHistory();
  try {
    const { engine, autosave } = await openWorker(config, choice, { onProgress, onNotice, onCrash: crashed });
    useTraining.setState({ phase: 'ready', engine });
    await savedRuns.opened(autosave, resumeId);
  } catch (e) {
    useTraining.setState({ phase: 'failed' });
    say('error', `The trainer could not start: ${errorText(e)}`);
  }
}

/** What a load did: the model it names, and after a continue, the settings the run trains with. */
function took(result: LoadResult): void {
  useTraining.setState({ loaded: result.model });
  if (result.config) {
    clearHistory();
    setDraft(result.config);
  }
  say('info', result.message, 'models');
}

const patchErrors = (errors: readonly { message: string }[]) => errors.map((e) => e.message).join('; ');

export const actions = {
  /** First start: the settings from the address, with the notice naming what in it could not be used. */
  init({ config, engine, notice }: Pick<Address, 'config' | 'engine' | 'notice'>): void {
    if (notice) say('error', notice);
    useTraining.setState({ engineChoice: engine });
    setDraft(config);
    void open(config, engine).then(savedRuns.offerLast);
  },

  /** After a crash: a new worker on `choice`, carrying on from the current run's last save if there is one. */
  restart(choice: EngineChoice): void {
    setEngineChoice(choice);
    void open(useTraining.getState().draft, choice, currentRun(useSavedRuns.getState())?.id);
  },

  /** For tests and benchmarks: the worker's figures, and fault drills (NaN weights, a killed worker, a lost WebGL context). */
  drills: {
    diagnostics: () => trainer().diagnostics(),
    injectNaN: () => trainer().injectNaN(),
    killWorker,
    loseContext: () => trainer().loseContext(),
  },

  start: () => void trainer().start(),
  pause: () => void trainer().pause(),
  stepEpisode: () => void trainer().stepEpisode(),
  setSpeed: (speed: Speed) => void trainer().setSpeed(speed),
  dismissMilestone: (milestone: Milestone) =>
    useTraining.setState(({ dismissed }) => ({ dismissed: [...dismissed, milestone] })),
  /** Flies the training agent's greedy policy; the banner says so (Banners.tsx). */
  watchGreedy: () =>
    trainer()
      .watchGreedy('current')
      .catch((e: unknown) => say('error', errorText(e))),
  /** Flies the model last loaded, with or without a trainer; a refusal is said beside the Models panel. */
  watchLoaded: () =>
    trainer()
      .watchGreedy('loaded')
      .catch((e: unknown) => say('error', errorText(e), 'models')),

  /** An edited value: live ones go to the running agent at once (and get a mark); restart ones wait. */
  async edit(key: Key, value: unknown): Promise<void> {
    const spec = SPECS.get(key)!;
    setDraft({ ...useTraining.getState().draft, [key]: value } as Config);
    if (spec.apply === 'restart') return;
    const result = await trainer().applyPatch({ [key]: value });
    if (!result.ok) {
      say('error', patchErrors(result.errors));
      return;
    }
    const episode = useTraining.getState().status?.episode ?? 0;
    useTraining.setState(({ marks }) => ({ marks: markSetting(marks, episode, key, spec.label, value) }));
  },

  /** A preset's values into the editor; live ones act now, restart ones on Reset. */
  async applyPreset(name: keyof typeof PRESETS): Promise<void> {
    const config = PRESETS[name].config;
    const current = useTraining.getState().draft;
    setDraft(config);
    const live = Object.fromEntries(
      [...SPECS.values()]
        .filter((spec) => spec.apply === 'live' && config[spec.key as Key] !== current[spec.key as Key])
        .map((spec) => [spec.key, config[spec.key as Key]]),
    );
    if (Object.keys(live).length) {
      const result = await trainer().applyPatch(live);
      if (!result.ok) say('error', patchErrors(result.errors));
      else {
        const episode = useTraining.getState().status?.episode ?? 0;
        useTraining.setState(({ marks }) => ({ marks: markPreset(marks, episode, name) }));
      }
    }
    say('info', `Preset “${name}”: ${PRESETS[name].help}`);
  },

  /** A new run with the edited settings (restart ones included), on the same worker. */
  async reset(): Promise<void> {
    const result = await trainer().reset(useTraining.getState().draft);
    if (!result.ok) {
      say('error', patchErrors(result.errors));
      return;
    }
    clearHistory();
    useTraining.setState({ decision: null });
    dismiss();
  },

  /** Another engine means another worker: the run starts again. */
  setEngine(choice: EngineChoice): void {
    setEngineChoice(choice);
    void open(useTraining.getState().draft, choice);
  },

  async downloadModel(kind: ModelKind = 'latest'): Promise<{ json: string; weights: ArrayBuffer }> {
    return trainer().model(kind);
  },

  /** The same model as one Keras file: .h5 in the layout the course's notebook loads, or Keras 3's .keras. */
  downloadKerasModel: (kind: ModelKind = 'latest', format: 'h5' | 'keras' = 'h5'): Promise<ArrayBuffer> =>
    trainer().kerasModel(kind, format),

  historyCsv: () => trainer().historyCsv(),
  evaluationsCsv: () => trainer().evaluationsCsv(),

  /**
   * A model file to fly, or to continue training from (its own settings or the page's): the worker reads
   * it whether or not its trainer has started. What happened is said beside the Models panel; after a
   * continue the controls and the address show the settings the run trains with.
   */
  async loadModel(json: File, weights: File, use: ModelUse): Promise<void> {
    const tooBig = modelFilesTooBig(json, weights);
    if (tooBig) {
      say('error', `${tooBig}. Nothing was loaded; training is unchanged.`, 'models');
      return;
    }
    await load(
      json.name,
      async () => ({ format: 'layers', json: await json.text(), weights: await weights.arrayBuffer() }),
      use,
    );
  },

  /** A Keras .h5 or .keras file (the course notebook's, or one downloaded here), used as a pair is. */
  async loadKerasModel(file: File, use: ModelUse): Promise<void> {
    const tooBig = kerasFileTooBig(file);
    if (tooBig) {
      say('error', `${tooBig}. Nothing was loaded; training is unchanged.`, 'models');
      return;
    }
    const format = /\.keras$/i.test(file.name) ? 'keras' : 'keras-h5';
    await load(file.name, async () => ({ format, bytes: await file.arrayBuffer() }), use);
  },

  /**
   * Training goes on from a model a link carried (ui/share), with the settings it carries: the worker takes
   * it as it takes a model file, whether or not its trainer has started.
   */
  async continueLinked(model: SharedModel): Promise<void> {
    try {
      took(await trainer().loadLinked(model, 'continue-own'));
    } catch (e) {
      say('error', `The shared model was not loaded: ${errorText(e)}. Training is unchanged.`, 'models');
    }
  },
};

/** Has the worker read a model file and use it; what happened is said beside the Models panel. */
async function load(name: string, source: () => Promise<ModelFile>, use: ModelUse): Promise<void> {
  try {
    took(await trainer().loadModel(await source(), name, use));
  } catch (e) {
    say('error', `${name} was not loaded: ${errorText(e)}. Training is unchanged.`, 'models');
  }
}
