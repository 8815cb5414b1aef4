/**
 * A training run as plain data: everything needed to carry on exactly where it stopped (weights, Adam's
 * state, ε, counters, random-generator states, each env's episode so far, the replay memory). Saved by
 * the worker to IndexedDB; in Node a resumed run gives the same returns as an uninterrupted one.
 */
import { parameterCount } from '../../agent/networkShape';
import type { SavedLearner } from '../../agent/learner';
import type { SavedNStep } from '../../agent/nStepReturns';
import type { SavedReplay } from '../../agent/replayBuffer';
import type { Config } from '../../config/hyperparameters';
import { settingsOf } from '../../config/hyperparameters';
import { validateConfig } from '../../config/validate';
import type { SavedRandom } from '../../env/rng';
import { OBS_SIZE } from '../../env/vecLunarLander';
import type { VecEnvCheckpoint } from '../../env/vecLunarLander';
import { checkEvaluations, isReport } from './evaluation';
import type { BestModel, EvaluationReport } from './evaluation';
import type { PendingEvaluation } from './evaluator';
import type { ProvenReport, SolvedReport } from './reports';

export const CHECKPOINT_FORMAT = 'lander-lab-checkpoint';
export const CHECKPOINT_VERSION = 1;
/** LunarLander's discrete actions: noop, left, main, right. */
const ACTIONS = 4;

/** Why a saved run cannot be resumed: the one error resuming throws. */
export class CheckpointError extends Error {
  override name = 'CheckpointError';
}

/**
 * A failure while restoring checked data, as a CheckpointError: the restore steps (learner, memory,
 * generators, envs) each say what did not fit, and it is the data, not the code, that was wrong.
 */
export function asCheckpointError(e: unknown): CheckpointError {
  if (e instanceof CheckpointError) return e;
  return new CheckpointError(e instanceof Error ? e.message : String(e), { cause: e });
}

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
  /** When the run was proven (read as not yet from checkpoints saved before confirmations existed). */
  proven?: ProvenReport | null;
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
  /** The n-step returns still gathering rewards (null or absent with 1-step returns). */
  nStep?: SavedNStep | null;
  /** Greedy evaluations so far (read as none from checkpoints saved before evaluation existed). */
  evaluations: EvaluationReport[];
  best: BestModel | null;
  /**
   * The evaluation jobs in flight (each with its weights, its episode, the best it began against and where
   * it is due), which a resumed run flies again and applies where they would have been.
   */
  evaluationsInFlight?: PendingEvaluation[];
  /** An evaluation had fallen due and waited to begin behind a result not yet in. */
  evaluationDue?: boolean;
  /**
   * From checkpoints saved before evaluations ran beside training: an evaluation was under way (training
   * waited for it), so a resumed run flies it again on the weights saved.
   */
  evaluationPending?: boolean;
}

/**
 * Checks that `raw` is a checkpoint this version can resume, and says why not otherwise. (Version 1 is
 * the first: older formats do not exist yet; newer ones are refused rather than misread. Evaluations
 * and the best model were added to version 1 later: one saved without them resumes with none; so were
 * confirmations and `proven`: one saved without them resumes unproven, its best unconfirmed.)
 */
export function checkCheckpoint(raw: unknown): TrainerCheckpoint {
  const cp = raw as Partial<TrainerCheckpoint> | null;
  if (typeof cp !== 'object' || cp === null || cp.format !== CHECKPOINT_FORMAT) {
    throw new CheckpointError('not a Lander Lab checkpoint');
  }
  if (cp.version !== CHECKPOINT_VERSION) {
    throw new CheckpointError(
      typeof cp.version === 'number' && cp.version > CHECKPOINT_VERSION
        ? `it was saved by a newer Lander Lab (checkpoint version ${cp.version}; this one reads ${CHECKPOINT_VERSION})`
        : typeof cp.version === 'number'
          ? `checkpoint version ${cp.version} is not one this Lander Lab can read`
          : 'it carries no checkpoint version',
    );
  }
  const config = validateConfig(cp.config);
  if (!config.ok) {
    const [first, ...more] = config.errors.map((e) => e.message);
    throw new CheckpointError(
      `its settings are not valid: ${first}${more.length ? ` (and ${more.length} more)` : ''}`,
    );
  }
  const missing = inconsistency(cp, config.value);
  if (missing) throw new CheckpointError(`it is incomplete or inconsistent (${missing})`);
  let checked: ReturnType<typeof checkEvaluations>;
  try {
    // Against the network its settings describe, so that damaged weights are named as such, not as a
    // best model that does not match them.
    const { hidden1, hidden2 } = config.value;
    checked = checkEvaluations(
      cp.evaluations,
      cp.best,
      parameterCount({ inputs: OBS_SIZE, hidden1, hidden2, actions: ACTIONS }),
    );
  } catch (e) {
    throw asCheckpointError(e);
  }
  const inFlight = checkInFlight(cp.evaluationsInFlight, config.value);
  return { ...(cp as TrainerCheckpoint), config: config.value, ...checked, ...inFlight };
}

/**
 * The evaluation jobs in flight, checked, with the network's shape and the lander's options taken from the
 * settings (which they were made from); throws saying what is wrong.
 */
function checkInFlight(
  raw: unknown,
  config: Config,
): Pick<TrainerCheckpoint, 'evaluationsInFlight'> | Record<string, never> {
  if (raw === undefined) return {};
  const shape = { inputs: OBS_SIZE, hidden1: config.hidden1, hidden2: config.hidden2, actions: ACTIONS };
  const positive = (x: unknown) => Number.isInteger(x) && (x as number) >= 1;
  const valid = (p: Partial<PendingEvaluation> | null) => {
    const job = p?.job;
    return (
      isCount(p?.startSteps) &&
      isCount(job?.episode) &&
      job!.weights instanceof Float32Array &&
      allFinite(job!.weights, parameterCount(shape)) &&
      positive(job!.evalEpisodes) &&
      positive(job!.confirmEpisodes) &&
      (job!.best === null || isReport(job!.best))
    );
  };
  if (!Array.isArray(raw) || raw.length > 1000 || !raw.every(valid)) {
    throw new CheckpointError('its evaluations in flight are not valid');
  }
  const env = settingsOf('env', config);
  return {
    evaluationsInFlight: (raw as PendingEvaluation[]).map(({ job, startSteps }) => ({
      startSteps,
      job: { ...job, shape, env },
    })),
  };
}

const isCount = (x: unknown) => Number.isInteger(x) && (x as number) >= 0;
const isFinite = (x: unknown) => typeof x === 'number' && Number.isFinite(x);
const allFinite = (a: unknown, length?: number) =>
  (Array.isArray(a) || a instanceof Float32Array || a instanceof Float64Array) &&
  (length === undefined || a.length === length) &&
  (a as ArrayLike<number>).length <= 1e8 &&
  Array.prototype.every.call(a, isFinite);
const isAction = (x: unknown) => Number.isInteger(x) && (x as number) >= 0 && (x as number) < ACTIONS;

/**
 * What does not fit in a checkpoint with `config`, or null. Every number that training reads is checked
 * here: a NaN ε, a step count past the episode's end or a NaN weight would otherwise be resumed and
 * spoil the run rather than be refused.
 */
function inconsistency(cp: Partial<TrainerCheckpoint>, config: Config): string | null {
  const n = config.numEnvs;
  const learner = cp.learner as Partial<TrainerCheckpoint['learner']> | undefined;
  const replay = cp.replay as Partial<SavedReplay> | null | undefined;
  const solved = cp.solved as Partial<SolvedReport> | null | undefined;
  const proven = cp.proven as Partial<ProvenReport> | null | undefined;
  const pending = cp.pendingLearning as Partial<TrainerCheckpoint['pendingLearning']> | undefined;
  const checks: [boolean, string][] = [
    [[cp.episodes, cp.envSteps].every(isCount), 'its episode and step counts'],
    [allFinite(cp.returns, cp.episodes), 'its returns'],
    [isFinite(cp.epsilon) && cp.epsilon! >= 0 && cp.epsilon! <= 1, 'ε'],
    [isFinite(cp.seconds) && cp.seconds! >= 0, 'its training time'],
    [
      solved === null || (isCount(solved?.episode) && isCount(solved?.envSteps) && isFinite(solved?.seconds)),
      'its solved report',
    ],
    [
      proven === null ||
        proven === undefined ||
        (isCount(proven.episode) &&
          isCount(proven.envSteps) &&
          isFinite(proven.seconds) &&
          isReport(proven.confirmation)),
      'its proven report',
    ],
    [cp.observations instanceof Float32Array && allFinite(cp.observations, n * OBS_SIZE), 'its observations'],
    [
      allFinite(cp.stepInEpisode, n) &&
        cp.stepInEpisode!.every((k) => isCount(k) && k < config.maxEpisodeSteps) &&
        allFinite(cp.episodeReturn, n),
      'its episodes in progress',
    ],
    [
      isFinite(pending?.lossSum) && isFinite(pending?.maxQSum) && isCount(pending?.steps),
      'its learning sums',
    ],
    [!!cp.rng?.action && !!cp.rng?.sample, 'its generator states'],
    [
      Array.isArray(cp.env?.envs) &&
        cp.env.envs.length === n &&
        cp.env.envs.every(
          (e, i) =>
            !!e?.start &&
            Array.isArray(e.actions) &&
            e.actions.length === cp.stepInEpisode?.[i] &&
            e.actions.every(isAction),
        ),
      'its envs',
    ],
    [
      isCount(learner?.updates) &&
        isCount(learner?.adamSteps) &&
        [learner?.online, learner?.target, learner?.firstMoment, learner?.secondMoment].every(
          (w) => w instanceof Float32Array && allFinite(w),
        ),
      'its network, or it holds non-finite weights',
    ],
    [
      replay === null ||
        (replay?.states instanceof Float32Array &&
          replay.nextStates instanceof Float32Array &&
          replay.rewards instanceof Float32Array &&
          replay.actions instanceof Uint8Array &&
          replay.dones instanceof Uint8Array &&
          allFinite(replay.states) &&
          allFinite(replay.nextStates) &&
          allFinite(replay.rewards) &&
          replay.actions.every(isAction) &&
          replay.dones.every((d) => d <= 1)),
      'its replay memory',
    ],
  ];
  return checks.find(([ok]) => !ok)?.[1] ?? null;
}
