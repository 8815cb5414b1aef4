/** The update on the wasm backend, which the app uses: same numbers as on cpu, no missing kernels, no leaks. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { describe, expect, it } from 'vitest';
import type { LearningSettings } from '../../../src/agent/learner';
import { argmax } from '../../../src/agent/qNetwork';
import { NumpyRandom } from '../../../src/env/rng';
import { agentOn, LAB, randomMemory, SHAPE, tinyAgent, tinyBatch } from '../fixtures';

/** Losses of 20 updates from seed 0, and the weights after them, on the given backend. */
async function trajectory(backend: string, settings: Partial<LearningSettings>) {
  await tf.setBackend(backend);
  const agent = agentOn('autodiff', SHAPE, { ...LAB, ...settings }, 0);
  const memory = randomMemory(1, 500);
  const rng = NumpyRandom.fromSeed(2);
  const losses = Array.from({ length: 20 }, () => agent.learn(memory.sample(64, rng)).loss);
  const weights = agent.qNetwork.getWeights().map((t) => Array.from(t.dataSync()));
  agent.dispose();
  return { losses, weights };
}

describe('on the wasm backend', () => {
  it.each([
    ['the lab', {}],
    [
      'Double DQN, Huber, clipping, hard target copies',
      { doubleDqn: true, loss: 'huber', gradClipNorm: 1, hardTargetEvery: 5 },
    ],
  ] as const)('%s: updates match the cpu backend', async (_, settings) => {
    const cpu = await trajectory('cpu', settings);
    const wasm = await trajectory('wasm', settings);
    expect(tf.getBackend()).toBe('wasm');
    wasm.losses.forEach((l, k) => expect(l).toBeCloseTo(cpu.losses[k], 4));
    wasm.weights.forEach((w, i) => w.forEach((v, k) => expect(v).toBeCloseTo(cpu.weights[i][k], 5)));
  });

  it('gives the hand-computed loss on the tiny network', async () => {
    await tf.setBackend('wasm');
    expect(tinyAgent({ gamma: 0.9 }).learn(tinyBatch()).loss).toBeCloseTo((4.4 ** 2 + 0.7 ** 2 + 1) / 3, 5);
  });

  it('keeps the tensor count flat over 200 updates and acts like the tfjs model', async () => {
    await tf.setBackend('wasm');
    const agent = agentOn('autodiff', SHAPE, { ...LAB, doubleDqn: true, loss: 'huber', gradClipNorm: 5 }, 0);
    const memory = randomMemory(4, 500);
    const rng = NumpyRandom.fromSeed(0);
    agent.learn(memory.sample(64, rng));
    const count = tf.memory().numTensors;
    for (let k = 0; k < 200; k++) agent.learn(memory.sample(64, rng));
    expect(tf.memory().numTensors).toBe(count);

    const states = Array.from({ length: 200 }, () => Array.from({ length: 8 }, () => rng.uniform(-2, 2)));
    const tfq = (agent.qNetwork.predict(tf.tensor2d(states)) as tf.Tensor2D).arraySync();
    states.forEach((s, i) => expect(agent.act(s, 0, rng).action).toBe(argmax(tfq[i])));
  });
});
