/**
 * The hand-written update against the readable reference (autodiff + tfjs Adam): same starting weights,
 * same batches, the same losses and weights within 1e-5 relative, on the wasm backend the app uses.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { beforeAll, describe, expect, it } from 'vitest';
import { DqnAgent } from '../../src/agent/dqn';
import type { LearningSettings } from '../../src/agent/dqn';
import { NumpyRandom } from '../../src/env/rng';
import { LAB, randomMemory, SHAPE } from './fixtures';

beforeAll(async () => {
  await tf.setBackend('wasm');
});

const relClose = (got: number, want: number) => Math.abs(got - want) <= 1e-5 * Math.max(1, Math.abs(want));

function run(update: 'autodiff' | 'handwritten', settings: Partial<LearningSettings>, updates: number) {
  const agent = new DqnAgent(SHAPE, { ...LAB, ...settings }, 4, update);
  const memory = randomMemory(2, 1000);
  const rng = NumpyRandom.fromSeed(3);
  const losses: number[] = [];
  const maxQs: number[] = [];
  for (let k = 0; k < updates; k++) {
    if (k === 5) agent.configure({ learningRate: 5e-4 }); // a live change on the way
    const r = agent.learn(memory.sample(64, rng));
    losses.push(r.loss);
    maxQs.push(r.meanMaxQ);
  }
  const weights = [agent.qNetwork, agent.targetNetwork].flatMap((m) =>
    m.getWeights().map((w) => Array.from(w.dataSync())),
  );
  agent.dispose();
  return { losses, maxQs, weights };
}

describe('hand-written update', () => {
  it.each([
    ['the lab', {}],
    ['Double DQN + Huber + clipping', { doubleDqn: true, loss: 'huber', gradClipNorm: 0.5 }],
    ['hard target copies', { hardTargetEvery: 3 }],
  ] as const)('%s: the same losses and weights as autodiff + tfjs Adam over 10 updates', (_, settings) => {
    const reference = run('autodiff', settings, 10);
    const fast = run('handwritten', settings, 10);
    fast.losses.forEach((l, k) =>
      expect(relClose(l, reference.losses[k]), `loss ${k}: ${l} vs ${reference.losses[k]}`).toBe(true),
    );
    fast.maxQs.forEach((q, k) => expect(relClose(q, reference.maxQs[k]), `max-Q ${k}`).toBe(true));
    let worst = 0;
    fast.weights.forEach((w, i) =>
      w.forEach((v, k) => {
        const want = reference.weights[i][k];
        worst = Math.max(worst, Math.abs(v - want) / Math.max(1, Math.abs(want)));
      }),
    );
    expect(worst).toBeLessThan(1e-5);
  });

  it('keeps the tensor count flat', () => {
    const agent = new DqnAgent(SHAPE, LAB, 0, 'handwritten');
    const memory = randomMemory(5, 500);
    const rng = NumpyRandom.fromSeed(6);
    agent.learn(memory.sample(64, rng));
    const count = tf.memory().numTensors;
    for (let k = 0; k < 100; k++) agent.learn(memory.sample(64, rng));
    expect(tf.memory().numTensors).toBe(count);
    agent.dispose();
  });
});
