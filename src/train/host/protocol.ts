/**
 * The messages between the page and the training worker, in one place for the page to import: what the
 * worker reports (progress, notices, the engine it chose, saved runs) and what the page sends back. Types
 * only, so that the page's own bundle stays small (tfjs loads in the worker only). The worker's callable API
 * is `WorkerApi` in worker.ts.
 */
import type { EngineName } from '../../agent/engines/engineTable';
import type { Config } from '../../config/hyperparameters';
import type { LoadedModelInfo } from './loadedModel';

export type { DrawnDecision, Progress, SessionState, Status, WatchedEpisode } from './progress';
export type { EpisodeReport, ProvenReport, SolvedReport } from '../loop/reports';
export type { EvaluationReport, GreedyReport } from '../loop/evaluation';
export type { ModelKind } from '../runs/modelFileNames';
export type { BellmanFrame, InsightFrame, RewardFrame } from '../insight/insight';
export type { NetworkFrame } from '../insight/networkSnapshot';
export type { PolicyMapFrame } from '../insight/policyMap';
export type { RunSummary } from '../runs/runStore';
export type { Speed } from './speed';
export type { LoadedModelInfo } from './loadedModel';
export type { ModelFile } from '../../agent/model/modelSource';
export type { ModelSource } from '../runs/exportedNetwork';
export type { RecordedFlight } from './recordedFlight';

/** The engine the worker chose (agent/engines/engineTable.ts has them all). */
export interface EngineReport {
  name: EngineName;
  /** One sentence for the status line: why this engine runs. */
  reason: string;
  /** Median µs of one update at the run's shape and batch, on each engine timed. */
  updateUs: Partial<Record<EngineName, number>>;
}

/** Things the worker tells the page outside training progress: autosave results, a lost GPU context. */
export interface WorkerNotice {
  kind: 'saved' | 'autosave-failed' | 'context-lost';
  text: string;
}

/** What to do with a model file once read: fly it, or train on from it with its own settings or the page's. */
export type ModelUse = 'watch' | 'continue-own' | 'continue-page';

/** A model loaded: what it is, what was done (one message), and when training goes on, its settings. */
export interface LoadResult {
  model: LoadedModelInfo;
  message: string;
  /** The settings the continued run trains with; null when the model was loaded to watch. */
  config: Config | null;
}
