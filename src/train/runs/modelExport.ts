/**
 * A run's models as TensorFlow.js Layers files: the latest weights, or the best evaluation's. The best
 * model is kept as flat weights (a copy per improvement, no tensors held), so its Layers model is built
 * only when it is asked for, and disposed at once.
 */
import * as tf from '@tensorflow/tfjs';
import { modelFiles } from '../../agent/model/modelFormat';
import { recentMean } from '../../config/courseRule';
import type { ModelFiles } from '../../agent/model/modelFormat';
import { buildQNetwork } from '../../agent/qNetwork';
import type { NetworkShape } from '../../agent/networkShape';
import type { EvaluationReport } from '../loop/evaluation';
import { Trainer } from '../loop/trainer';
import { BEST_MODEL_WEIGHTS_NAME, MODEL_WEIGHTS_NAME } from './modelFileNames';
import type { ModelKind } from './modelFileNames';
import type { SessionCheckpoint } from './savedRun';

/**
 * What the metadata says of a network trained with a dueling head: its files hold the plain network it
 * folds into, which computes the same Q-values.
 */
export const DUELING_NOTE =
  'trained with a dueling head (Q = V + A − mean A), folded into the last Dense layer: a plain Sequential';

/** The Layers files of a network given as one flat array in the Layers order (kernel, bias, per layer). */
export async function flatModelFiles(
  shape: NetworkShape,
  flat: Float32Array,
  weightsName: string,
  metadata: Record<string, unknown>,
): Promise<ModelFiles> {
  const model = buildQNetwork(shape, 0);
  try {
    let at = 0;
    const tensors = model.getWeights().map((w) => {
      const size = w.size;
      if (at + size > flat.length)
        throw new Error(`${flat.length} weights do not fill a ${describe(shape)} network`);
      const t = tf.tensor(flat.subarray(at, at + size), w.shape);
      at += size;
      return t;
    });
    try {
      if (at !== flat.length)
        throw new Error(`${flat.length} weights do not fit a ${describe(shape)} network`);
      model.setWeights(tensors);
    } finally {
      tf.dispose(tensors);
    }
    return await modelFiles(model, weightsName, metadata);
  } finally {
    model.dispose();
  }
}

const describe = (s: NetworkShape) => `${s.inputs}-${s.hidden1}-${s.hidden2}-${s.actions}`;

/**
 * The files of the trainer's latest weights or of its best evaluation, with metadata saying which, and
 * the evaluation it carries: the best's own with the confirmation that crowned it, or for the latest the
 * run's last one (its `episode` says when it ran); and `proven`, when the run was (its `confirmation`'s
 * `episode` says which model proved it). `extra` goes into the metadata too (the engine, a preset name…).
 */
export async function trainerModelFiles(
  t: Trainer,
  kind: ModelKind,
  weightsName: string,
  extra: Record<string, unknown>,
): Promise<ModelFiles> {
  const last: EvaluationReport | null = t.evaluations.at(-1) ?? null;
  const common = {
    app: 'Lander Lab',
    which: kind,
    config: t.settings,
    proven: t.proven,
    ...(t.settings.dueling ? { dueling: DUELING_NOTE } : {}),
    ...extra,
    date: new Date().toISOString(),
  };
  if (kind === 'latest') {
    return modelFiles(t.agent.qNetwork, weightsName, {
      ...common,
      evaluation: last,
      episodes: t.episodes,
      envSteps: t.envSteps,
      updates: t.agent.updates,
      avg100: recentMean(t.returns),
      solved: t.solved,
    });
  }
  const best = t.best;
  if (!best) throw new Error('there is no best model yet: no greedy evaluation has run');
  return flatModelFiles(t.agent.shape, best.weights, weightsName, {
    ...common,
    evaluation: best.report,
    episodes: best.report.episode,
  });
}

/** The trainer's latest model or its best, as the page hands it out: the weights file named for its kind. */
export function trainerModel(t: Trainer, engine: string, kind: ModelKind): Promise<ModelFiles> {
  return trainerModelFiles(t, kind, kind === 'best' ? BEST_MODEL_WEIGHTS_NAME : MODEL_WEIGHTS_NAME, {
    engine,
  });
}

/** The model files of a saved run: its latest weights or its best evaluation's. */
export async function checkpointModel(
  saved: SessionCheckpoint,
  engine: string,
  kind: ModelKind = 'latest',
): Promise<ModelFiles> {
  const trainer = Trainer.resume({ ...saved.trainer, replay: null });
  try {
    return await trainerModel(trainer, engine, kind);
  } finally {
    trainer.dispose();
  }
}
