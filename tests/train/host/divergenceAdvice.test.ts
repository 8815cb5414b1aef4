/** What the page says when training diverges: the likely cause from the settings, and what was done. */
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../../src/config/hyperparameters';
import { divergenceAdvice } from '../../../src/train/host/divergenceAdvice';

const WHAT = 'after 120 updates the loss was NaN and the mean max Q NaN';
const LAB = defaultConfig();

describe('divergence advice', () => {
  it('blames a learning rate above 3e-3 first', () => {
    expect(divergenceAdvice(WHAT, { ...LAB, learningRate: 0.005 }, null)).toBe(
      `Training diverged: ${WHAT}. The learning rate (0.005) is the likely cause: try 1e-3 or lower; ` +
        'training is paused.',
    );
  });

  it('then large errors, when nothing bounds them (MSE without clipping)', () => {
    expect(divergenceAdvice(WHAT, LAB, null)).toBe(
      `Training diverged: ${WHAT}. Large errors are the likely cause: try the Huber loss or gradient ` +
        'clipping, or a lower learning rate; training is paused.',
    );
  });

  it('else suggests a lower learning rate', () => {
    const advice = 'A lower learning rate (now 0.001) is the first thing to try';
    expect(divergenceAdvice(WHAT, { ...LAB, loss: 'huber' }, null)).toContain(advice);
    expect(divergenceAdvice(WHAT, { ...LAB, gradClipNorm: 10 }, null)).toContain(advice);
  });

  it('says where a rollback went, with the learning rate it had then', () => {
    expect(divergenceAdvice(WHAT, { ...LAB, learningRate: 0.01 }, { episode: 75, learningRate: 1e-3 })).toBe(
      `Training diverged: ${WHAT}. The learning rate (0.01) is the likely cause: try 1e-3 or lower; ` +
        'training is paused and rolled back to the checkpoint at episode 75, with the settings it had then ' +
        '(learning rate 0.001).',
    );
  });
});
