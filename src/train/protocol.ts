/**
 * What the page and the training worker share: the constants and types of their conversation. Kept free
 * of TensorFlow.js, so that the page's own bundle stays small (tfjs loads in the worker only).
 */
import { FPS } from '../env/lunarLander';

export type { DrawnDecision, Progress, SessionState, Speed, Status, WatchedEpisode } from './session';
export type { EpisodeReport, SolvedReport } from './trainer';
export type { BellmanFrame, InsightFrame, RewardFrame } from './insight';
export type { NetworkFrame } from './networkSnapshot';
export type { PolicyMapFrame } from './policyMap';
export type { RunSummary } from './runStore';
export type { WorkerApi } from './worker';
export { MAX_MODEL_JSON_BYTES, MAX_WEIGHTS_BYTES } from '../agent/modelLimits';

/** The lab's bar: the mean of the last 100 returns at or above this is "solved". */
export const SOLVED_RETURN = 200;
export const SOLVED_WINDOW = 100;

/** Gymnasium's own pace: 50 env steps per second, every step drawn. */
export const REAL_TIME = FPS;

export const MODEL_WEIGHTS_NAME = 'lunar-lander-dqn.weights.bin';

export const BACKEND_CHOICES = ['auto', 'webgl', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKEND_CHOICES)[number];
export type BackendName = Exclude<BackendChoice, 'auto'>;

export interface BackendReport {
  name: BackendName;
  /** One sentence for the status line: why this backend runs. */
  reason: string;
  /** Median ms of one lab update (batch 64) on each backend timed. */
  updateMs: Partial<Record<BackendName, number>>;
}

/** Things the worker tells the page outside training progress: autosave results, a lost GPU context. */
export interface WorkerNotice {
  kind: 'saved' | 'autosave-failed' | 'context-lost';
  text: string;
}
