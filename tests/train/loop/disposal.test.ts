/** Nothing left behind: a trainer made and disposed (each Reset, resume and loaded model makes one). */
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/hyperparameters';
import { Trainer } from '../../../src/train/loop/trainer';

describe('disposal', () => {
  // Found by the checkpoint fuzz test: every trainer left 4 tensors (the hand-written update's initial values).
  it('a trainer created, trained, resumed and disposed leaves no tensors', () => {
    const config = { ...defaultConfig(), hidden1: 8, hidden2: 8, maxEpisodeSteps: 40, batchSize: 8 };
    const before = tf.memory().numTensors;
    const t = new Trainer(config);
    t.runEpisodes(2);
    const saved = t.checkpoint();
    t.dispose();
    Trainer.resume(saved).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
