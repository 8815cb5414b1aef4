import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { bellmanTargets, DqnAgent } from '../../src/agent/dqn';
import type { LearningSettings } from '../../src/agent/dqn';
import { nextEpsilon } from '../../src/agent/epsilon';
import { argmax } from '../../src/agent/qNetwork';
import { ReplayBuffer } from '../../src/agent/replayBuffer';
import { NumpyRandom } from '../../src/env/rng';

const LAB: LearningSettings = {
  gamma: 0.995,
  learningRate: 1e-3,
  tau: 1e-3,
  doubleDqn: false,
  loss: 'mse',
  gradClipNorm: 0,
  hardTargetEvery: 0,
};
const SHAPE = { inputs: 8, hidden1: 64, hidden2: 64, actions: 4 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** A stand-in network whose outputs are given, so targets can be checked by hand. */
const fixed = (rows: number[][]) => ({ predict: () => tf.tensor2d(rows) }) as unknown as tf.LayersModel;

function randomBatch(seed: number, n = 64): ReplayBuffer {
  const rng = NumpyRandom.fromSeed(seed);
  const buffer = new ReplayBuffer(n, 8);
  const s = () => Array.from({ length: 8 }, () => rng.uniform(-1, 1));
  for (let i = 0; i < n; i++)
    buffer.add(s(), rng.integers(0, 4), rng.uniform(-10, 10), s(), rng.uniform(0, 1) < 0.1);
  return buffer;
}

describe('Bellman targets', () => {
  const nextStates = tf.zeros([2, 8]) as tf.Tensor2D;
  const rewards = tf.tensor1d([1, 0.5]);
  const dones = tf.tensor1d([0, 1]);
  const target = fixed([
    [1, 3],
    [2, -1],
  ]);
  const online = fixed([
    [5, 0],
    [0, 1],
  ]);

  it('y = r + γ·max Q̂(s′) where not done, y = r where done', () => {
    const y = bellmanTargets(online, target, nextStates, rewards, dones, 0.9, false);
    const [y0, y1] = y.dataSync();
    expect(y0).toBeCloseTo(1 + 0.9 * 3, 6);
    expect(y1).toBe(0.5);
  });

  it('Double DQN values the online network’s choice with the target network', () => {
    const y = bellmanTargets(online, target, nextStates, rewards, dones, 0.9, true);
    // online picks action 0 for the first state: Q̂ = 1, so y = 1 + 0.9·1.
    const [y0, y1] = y.dataSync();
    expect(y0).toBeCloseTo(1.9, 6);
    expect(y1).toBe(0.5);
  });
});

describe('ε schedule', () => {
  it('multiplies by the decay after each episode and stops at the floor', () => {
    expect(nextEpsilon(1, 0.995, 0.01)).toBe(0.995);
    expect(nextEpsilon(0.5, 0.9, 0.01)).toBe(0.45);
    expect(nextEpsilon(0.01005, 0.995, 0.01)).toBe(0.01);
    let eps = 1;
    let episodes = 0;
    while (eps > 0.01) {
      eps = nextEpsilon(eps, 0.995, 0.01);
      episodes++;
    }
    expect(episodes).toBe(919); // ln(0.01)/ln(0.995) = 918.7
  });
});

describe('DqnAgent', () => {
  it('starts with the target network equal to the Q-network, from a seed', () => {
    const a = new DqnAgent(SHAPE, LAB, 3);
    const b = new DqnAgent(SHAPE, LAB, 3);
    const w = (m: tf.LayersModel) => m.getWeights().map((t) => Array.from(t.dataSync()));
    expect(w(a.targetNetwork)).toEqual(w(a.qNetwork));
    expect(w(b.qNetwork)).toEqual(w(a.qNetwork));
    expect(w(new DqnAgent(SHAPE, LAB, 4).qNetwork)).not.toEqual(w(a.qNetwork));
  });

  it('soft-updates the target: Q̂ ← τ·Q + (1 − τ)·Q̂ after each learning step', () => {
    const agent = new DqnAgent(SHAPE, { ...LAB, tau: 0.25 }, 0);
    const before = agent.targetNetwork.getWeights().map((t) => t.dataSync().slice());
    agent.learn(randomBatch(1).sample(64, NumpyRandom.fromSeed(0)));
    const online = agent.qNetwork.getWeights().map((t) => t.dataSync());
    agent.targetNetwork.getWeights().forEach((t, i) => {
      const got = t.dataSync();
      for (let k = 0; k < got.length; k++)
        expect(got[k]).toBeCloseTo(0.25 * online[i][k] + 0.75 * before[i][k], 6);
    });
  });

  it('hard target updates copy the Q-network every N learning steps instead', () => {
    const agent = new DqnAgent(SHAPE, { ...LAB, hardTargetEvery: 2 }, 0);
    const batch = randomBatch(2).sample(64, NumpyRandom.fromSeed(0));
    const first = agent.targetNetwork.getWeights()[0].dataSync().slice();
    agent.learn(batch);
    expect(agent.targetNetwork.getWeights()[0].dataSync()).toEqual(first);
    agent.learn(batch);
    expect(agent.targetNetwork.getWeights()[0].dataSync()).toEqual(agent.qNetwork.getWeights()[0].dataSync());
  });

  it.each(['mse', 'huber'] as const)('fits a fixed batch: the %s loss falls', (loss) => {
    const agent = new DqnAgent(SHAPE, { ...LAB, loss, tau: 0, gradClipNorm: loss === 'huber' ? 1 : 0 }, 0);
    const batch = randomBatch(3).sample(64, NumpyRandom.fromSeed(0));
    const first = agent.learn(batch).loss;
    let last = first;
    for (let k = 0; k < 100; k++) last = agent.learn(batch).loss;
    expect(Number.isFinite(first)).toBe(true);
    expect(last).toBeLessThan(first * 0.5);
  });

  it('keeps the tensor count flat over many updates', () => {
    const agent = new DqnAgent(SHAPE, { ...LAB, doubleDqn: true, gradClipNorm: 5 }, 0);
    const buffer = randomBatch(4, 500);
    const rng = NumpyRandom.fromSeed(0);
    agent.learn(buffer.sample(64, rng)); // Adam creates its moment variables on the first update
    const count = tf.memory().numTensors;
    for (let k = 0; k < 200; k++) agent.learn(buffer.sample(64, rng));
    expect(tf.memory().numTensors).toBe(count);
  });

  it('changes the learning rate live and keeps Adam’s moment estimates', async () => {
    const agent = new DqnAgent(SHAPE, LAB, 0);
    agent.learn(randomBatch(5).sample(64, NumpyRandom.fromSeed(0)));
    const moments = async () => Promise.all((await agent.optimizer.getWeights()).map((w) => w.tensor.data()));
    const before = await moments();
    agent.configure({ learningRate: 3e-4 });
    expect(agent.learning.learningRate).toBe(3e-4);
    expect((agent.optimizer as unknown as { learningRate: number }).learningRate).toBe(3e-4);
    expect(await moments()).toEqual(before);
  });

  it('acts greedily with the plain-JS forward pass exactly as the tfjs model ranks actions', () => {
    const agent = new DqnAgent(SHAPE, LAB, 7);
    agent.learn(randomBatch(6).sample(64, NumpyRandom.fromSeed(0)));
    const rng = NumpyRandom.fromSeed(8);
    const states = Array.from({ length: 300 }, () => Array.from({ length: 8 }, () => rng.uniform(-2, 2)));
    const tfq = (agent.qNetwork.predict(tf.tensor2d(states)) as tf.Tensor2D).arraySync();
    states.forEach((s, i) => {
      const q = agent.qValues(s);
      tfq[i].forEach((v, a) => expect(q[a]).toBeCloseTo(v, 4));
      expect(agent.act(s, 0, rng).action).toBe(argmax(tfq[i]));
    });
  });

  it('explores with probability ε', () => {
    const agent = new DqnAgent(SHAPE, LAB, 0);
    const rng = NumpyRandom.fromSeed(9);
    let explored = 0;
    for (let k = 0; k < 4000; k++) if (agent.act(new Float32Array(8), 0.25, rng).explored) explored++;
    expect(explored / 4000).toBeGreaterThan(0.22);
    expect(explored / 4000).toBeLessThan(0.28);
  });
});
