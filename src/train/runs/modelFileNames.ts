/**
 * The names a downloaded model's files carry, latest or best. Kept apart from modelExport.ts (which needs
 * TensorFlow.js) so that the page can name files without loading tfjs.
 */
export type ModelKind = 'best' | 'latest';

export const MODEL_WEIGHTS_NAME = 'lunar-lander-dqn.weights.bin';
export const BEST_MODEL_WEIGHTS_NAME = 'lunar-lander-dqn-best.weights.bin';
