/**
 * The network a model export or a recorded flight uses: the trainer's latest weights, its best
 * evaluation's, or a loaded model's, as plain numbers (no tensors, no TensorFlow.js), with the little
 * that names it in a file: which model it is, how long it trained, its evaluation.
 */
import type { NetworkShape } from '../../agent/networkShape';
import type { EvaluationReport } from '../loop/evaluation';
import type { Trainer } from '../loop/trainer';
import type { ModelKind } from './modelFileNames';

/** Which network: the training agent's latest weights, the best evaluation's, or the model last loaded. */
export type ModelSource = 'current' | 'best' | 'loaded';

export interface ExportedNetwork {
  source: ModelSource;
  shape: NetworkShape;
  /** One flat array in the Layers order (kernel [in, out], then bias, per layer); a copy. */
  weights: Float32Array;
  /** What a file's metadata says of it. */
  metadata: Record<string, unknown>;
}

/** The trainer's latest network, or its best evaluation's (an error says there is none yet). */
export function trainerNetwork(t: Trainer, kind: ModelKind): ExportedNetwork {
  const common = { app: 'Lander Lab', which: kind, date: new Date().toISOString() };
  if (kind === 'latest') {
    const last: EvaluationReport | null = t.evaluations.at(-1) ?? null;
    return {
      source: 'current',
      shape: t.agent.shape,
      weights: t.agent.weights('online').slice(),
      metadata: { ...common, episodes: t.episodes, evaluation: last },
    };
  }
  const best = t.best;
  if (!best) throw new Error('there is no best model yet: no greedy evaluation has run');
  return {
    source: 'best',
    shape: t.agent.shape,
    weights: best.weights.slice(),
    metadata: { ...common, episodes: best.report.episode, evaluation: best.report },
  };
}
