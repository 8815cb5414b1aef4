/**
 * A training run as plain data: everything needed to carry on exactly where it stopped (weights, Adam's
 * state, ε, counters, random-generator states, each env's episode so far, the replay memory). Saved by
 * the worker to IndexedDB; in Node a resumed run gives the same returns as an uninterrupted one.
 */
import type { SavedLearner } from '../agent/learner';
import type { SavedReplay } from '../agent/replayBuffer';
import type { Config } from '../config/hyperparameters';
import { validateConfig } from '../config/validate';
import type { SavedRandom } from '../env/rng';
import type { VecEnvCheckpoint } from '../env/vecLunarLander';
import { checkEvaluations } from './evaluation';
import type { BestModel, EvaluationReport } from './evaluation';
import type { SolvedReport } from './trainer';

export const CHECKPOINT_FORMAT = 'lander-lab-checkpoint';
export const CHECKPOINT_VERSION = 1;

export interface TrainerCheckpoint {
  format: typeof CHECKPOINT_FORMAT;
  version: typeof CHECKPOINT_VERSION;
  config: Config;
  learner: SavedLearner & { updates: number };
  epsilon: number;
  episodes: number;
  envSteps: number;
  returns: number[];
  solved: SolvedReport | null;
  /** Seconds of training before this checkpoint (so a solve time spans sessions). */
  seconds: number;
  observations: Float32Array;
  stepInEpisode: number[];
  episodeReturn: number[];
  pendingLearning: { lossSum: number; maxQSum: number; steps: number };
  rng: { action: SavedRandom; sample: SavedRandom };
  env: VecEnvCheckpoint;
  /** Null when it was saved without its memory (storage refused the space); learning refills it. */
  replay: SavedReplay | null;
  /** Greedy evaluations so far (read as none from checkpoints saved before evaluation existed). */
  evaluations: EvaluationReport[];
  best: BestModel | null;
  /** True when it was taken while an evaluation was under way (training waits for it), so a resumed run flies it. */
  evaluationPending?: boolean;
}

/**
 * Checks that `raw` is a checkpoint this version can resume, and says why not otherwise. (Version 1 is
 * the first: older formats do not exist yet; newer ones are refused rather than misread. Evaluations
 * and the best model were added to version 1 later: one saved without them resumes with none.)
 */
export function checkCheckpoint(raw: unknown): TrainerCheckpoint {
  const cp = raw as Partial<TrainerCheckpoint> | null;
  if (typeof cp !== 'object' || cp === null || cp.format !== CHECKPOINT_FORMAT) {
    throw new Error('not a Lander Lab checkpoint');
  }
  if (cp.version !== CHECKPOINT_VERSION) {
    throw new Error(
      typeof cp.version === 'number' && cp.version > CHECKPOINT_VERSION
        ? `it was saved by a newer Lander Lab (checkpoint version ${cp.version}; this one reads ${CHECKPOINT_VERSION})`
        : `checkpoint version ${String(cp.version)} is not one this Lander Lab can read`,
    );
  }
  const config = validateConfig(cp.config);
  if (!config.ok)
    throw new Error(`its settings are not valid: ${config.errors.map((e) => e.message).join('; ')}`);
  const n = config.value.numEnvs;
  const counts = [cp.episodes, cp.envSteps, cp.learner?.updates];
  if (
    !counts.every((c) => Number.isInteger(c) && (c as number) >= 0) ||
    !Array.isArray(cp.returns) ||
    cp.returns.length !== cp.episodes ||
    !(cp.observations instanceof Float32Array) ||
    cp.stepInEpisode?.length !== n ||
    cp.episodeReturn?.length !== n ||
    cp.env?.envs?.length !== n ||
    typeof cp.epsilon !== 'number' ||
    !cp.rng?.action ||
    !cp.rng?.sample
  ) {
    throw new Error('it is incomplete or inconsistent (counts, envs or generator states are missing)');
  }
  const { evaluations, best } = checkEvaluations(cp.evaluations, cp.best, cp.learner?.online?.length ?? 0);
  return { ...(cp as TrainerCheckpoint), config: config.value, evaluations, best };
}
