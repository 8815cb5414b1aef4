/**
 * Making a learner, by its name or by the engine that runs it (engineTable.ts): Keras's initialisation for
 * the seed, the target network a copy. Apart from the table because the learners load TensorFlow.js and
 * the kernel, which the page must not.
 */
import type { Learner, LearnerName } from '../learner';
import type { NetworkShape } from '../networkShape';
import { initialWeights } from '../qNetwork';
import { ENGINES } from './engineTable';
import type { EngineName } from './engineTable';
import { KernelLearner } from './kernel/kernelLearner';
import { TfjsAutodiffLearner } from './tfjsAutodiff';
import { TfjsHandwrittenLearner } from './tfjsHandwritten';

/** The kernel lays out its memory once for the largest batch; the tfjs learners take each batch as it comes. */
const LEARNERS: Record<
  LearnerName,
  (shape: NetworkShape, online: Float32Array, target: Float32Array, maxBatch: number) => Learner
> = {
  kernel: (shape, online, target, maxBatch) => new KernelLearner(shape, online, target, maxBatch),
  handwritten: (shape, online, target) => new TfjsHandwrittenLearner(shape, online, target),
  autodiff: (shape, online, target) => new TfjsAutodiffLearner(shape, online, target),
};

/** A new learner for mini-batches of at most `maxBatch` transitions (the kernel must be loaded first). */
export function newLearner(
  learner: LearnerName,
  shape: NetworkShape,
  seed: number,
  maxBatch: number,
): Learner {
  const weights = initialWeights(shape, seed);
  return LEARNERS[learner](shape, weights, weights.slice(), maxBatch);
}

/** The learner `engine` runs (on the tfjs backend set when the engine started). */
export function engineLearner(
  engine: EngineName,
  shape: NetworkShape,
  seed: number,
  maxBatch: number,
): Learner {
  return newLearner(ENGINES[engine].learner, shape, seed, maxBatch);
}
