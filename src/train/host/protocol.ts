/**
 * What the page and the training worker share: the constants and types of their conversation. Kept free
 * of TensorFlow.js, so that the page's own bundle stays small (tfjs loads in the worker only).
 */
import { FPS } from '../../env/lunarLander';

export type { DrawnDecision, Progress, SessionState, Speed, Status, WatchedEpisode } from './session';
export type { EpisodeReport, SolvedReport } from '../loop/trainer';
export type { EvaluationReport } from '../loop/evaluation';
export type { ModelKind } from '../runs/modelExport';
export type { BellmanFrame, InsightFrame, RewardFrame } from '../insight/insight';
export type { NetworkFrame } from '../insight/networkSnapshot';
export type { PolicyMapFrame } from '../insight/policyMap';
export type { RunSummary } from '../runs/runStore';
export type { WorkerApi } from './worker';
export { MAX_MODEL_JSON_BYTES, MAX_WEIGHTS_BYTES } from '../../agent/model/modelLimits';

/** The lab's bar: the mean of the last 100 returns at or above this is "solved". */
export const SOLVED_RETURN = 200;
export const SOLVED_WINDOW = 100;

/** Gymnasium's own pace: 50 env steps per second, every step drawn. */
export const REAL_TIME = FPS;

export const MODEL_WEIGHTS_NAME = 'lunar-lander-dqn.weights.bin';
export const BEST_MODEL_WEIGHTS_NAME = 'lunar-lander-dqn-best.weights.bin';

/** The learning engines (agent/learner.ts): the fused WebAssembly kernel, or the tfjs update on a backend. */
export const ENGINE_CHOICES = ['auto', 'kernel', 'tfjs-webgl', 'tfjs-wasm', 'tfjs-cpu'] as const;
export type EngineChoice = (typeof ENGINE_CHOICES)[number];
export type EngineName = Exclude<EngineChoice, 'auto'>;

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
