/** What the page says when training diverges: what went wrong, the likely cause, and what was done. */
import type { Config } from '../../config/hyperparameters';

/** The checkpoint a diverged run went back to: its episode, and its learning rate. */
export interface Rollback {
  episode: number;
  learningRate: number;
}

/**
 * `what`: the trainer's account of the non-finite numbers; `settings`: the ones it diverged with;
 * `rollback`: the checkpoint it went back to, or null when there was none and training just paused.
 */
export function divergenceAdvice(
  what: string,
  settings: Pick<Config, 'learningRate' | 'loss' | 'gradClipNorm'>,
  rollback: Rollback | null,
): string {
  const { learningRate, loss, gradClipNorm } = settings;
  const cause =
    learningRate > 3e-3
      ? `the learning rate (${learningRate}) is the likely cause: try 1e-3 or lower`
      : loss === 'mse' && gradClipNorm === 0
        ? 'large errors are the likely cause: try the Huber loss or gradient clipping, or a lower learning rate'
        : `a lower learning rate (now ${learningRate}) is the first thing to try`;
  const done = rollback
    ? `training is paused and rolled back to the checkpoint at episode ${rollback.episode}, with the ` +
      `settings it had then (learning rate ${rollback.learningRate})`
    : 'training is paused';
  return `Training diverged: ${what}. ${cause[0].toUpperCase()}${cause.slice(1)}; ${done}.`;
}
