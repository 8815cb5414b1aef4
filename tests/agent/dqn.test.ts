import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { bellmanTargets, clipByGlobalNorm } from '../../src/agent/engines/tfjsAutodiff';
import { argmax } from '../../src/agent/qNetwork';
import { NumpyRandom } from '../../src/env/rng';
import { agentOn, LAB, randomMemory, SHAPE, tinyAgent, tinyBatch } from './fixtures';

const weightsOf = (m: tf.LayersModel) => m.getWeights().map((t) => Array.from(t.dataSync()));

describe('Bellman targets on a tiny network with known weights', () => {
  const targets = (doubleDqn: boolean) => {
    const agent = tinyAgent();
    const b = tinyBatch();
    const net = (m: tf.LayersModel) => (x: tf.Tensor2D) => m.apply(x) as tf.Tensor2D;
    const y = bellmanTargets(
      net(agent.qNetwork),
      net(agent.targetNetwork),
      tf.tensor2d(b.nextStates, [3, 2]),
      tf.tensor1d(b.rewards),
      tf.tensor1d(b.dones),
      0.9,
      doubleDqn,
    );
    return Array.from(y.dataSync());
  };

  it('y = r + γ·max Q̂(s′) where not done, y = r where done', () => {
    const [y0, y1, y2] = targets(false);
    expect(y0).toBeCloseTo(6.4, 5);
    expect(y1).toBeCloseTo(0.7, 5);
    expect(y2).toBe(5);
  });

  it('Double DQN values the Q-network’s choice with the target network', () => {
    const [y0, y1, y2] = targets(true);
    expect(y0).toBeCloseTo(1.9, 5);
    expect(y1).toBeCloseTo(0.7, 5);
    expect(y2).toBe(5);
  });
});

describe.each(['autodiff', 'handwritten'] as const)('one %s learning step on the tiny network', (learner) => {
  it.each([
    ['the lab (MSE)', {}, (4.4 ** 2 + 0.7 ** 2 + 1 ** 2) / 3],
    ['Huber', { loss: 'huber' as const }, (4.4 - 0.5 + 0.5 * 0.7 ** 2 + 0.5) / 3],
    ['Double DQN', { doubleDqn: true }, (0.1 ** 2 + 0.7 ** 2 + 1 ** 2) / 3],
  ])('%s: reports the loss of Q(s, a) against y, and the mean of max Q(s, ·)', (_, settings, loss) => {
    const r = tinyAgent({ gamma: 0.9, ...settings }, learner).learn(tinyBatch());
    expect(r.loss).toBeCloseTo(loss, 5);
    expect(r.meanMaxQ).toBeCloseTo((4 + 1 + 4) / 3, 5);
  });

  it('lowers the loss on the same batch', () => {
    const agent = tinyAgent({ gamma: 0.9, tau: 0, learningRate: 0.01 }, learner);
    const first = agent.learn(tinyBatch()).loss;
    expect(agent.learn(tinyBatch()).loss).toBeLessThan(first);
  });
});

describe('gradient clipping', () => {
  it('scales all gradients together down to the norm, and leaves small ones alone', () => {
    const grads = [
      { name: 'a', tensor: tf.tensor1d([3, 0]) },
      { name: 'b', tensor: tf.tensor1d([0, 4]) },
    ];
    const clipped = clipByGlobalNorm(grads, 1).map((g) => Array.from(g.tensor.dataSync()));
    expect(clipped[0][0]).toBeCloseTo(0.6, 6);
    expect(clipped[1][1]).toBeCloseTo(0.8, 6);
    expect(clipByGlobalNorm(grads, 10).map((g) => Array.from(g.tensor.dataSync()))).toEqual([
      [3, 0],
      [0, 4],
    ]);
  });
});

describe('DqnAgent', () => {
  it('starts with the target network equal to the Q-network, from a seed', () => {
    const a = agentOn('autodiff', SHAPE, LAB, 3);
    expect(weightsOf(a.targetNetwork)).toEqual(weightsOf(a.qNetwork));
    expect(weightsOf(agentOn('autodiff', SHAPE, LAB, 3).qNetwork)).toEqual(weightsOf(a.qNetwork));
    expect(weightsOf(agentOn('autodiff', SHAPE, LAB, 4).qNetwork)).not.toEqual(weightsOf(a.qNetwork));
  });

  it('initialises like Keras: Glorot-uniform kernels within ±√(6 / (in + out)), zero biases', () => {
    const w = agentOn('autodiff', SHAPE, LAB, 0).qNetwork.getWeights();
    expect(w.map((t) => t.shape)).toEqual([[8, 64], [64], [64, 64], [64], [64, 4], [4]]);
    [0, 2, 4].forEach((l) => {
      const [fanIn, fanOut] = w[l].shape;
      const limit = Math.sqrt(6 / (fanIn + fanOut));
      const values = Array.from(w[l].dataSync());
      expect(Math.max(...values.map(Math.abs))).toBeLessThanOrEqual(limit);
      expect(Math.max(...values.map(Math.abs))).toBeGreaterThan(0.9 * limit);
      expect(Array.from(w[l + 1].dataSync()).every((b) => b === 0)).toBe(true);
    });
  });

  it('soft-updates the target: Q̂ ← τ·Q + (1 − τ)·Q̂ after each learning step', () => {
    const agent = tinyAgent({ tau: 0.25 });
    agent.learn(tinyBatch());
    const online = weightsOf(agent.qNetwork);
    // Before the step the target's last kernel was [[1, 0], [0, 3]] and the hidden layers matched the online ones.
    const before = [
      [1, 0, 0, 1],
      [0, 0],
      [1, 0, 0, 1],
      [0, 0],
      [1, 0, 0, 3],
      [0, 0],
    ];
    weightsOf(agent.targetNetwork).forEach((got, i) =>
      got.forEach((v, k) => expect(v).toBeCloseTo(0.25 * online[i][k] + 0.75 * before[i][k], 6)),
    );
  });

  it('hard target updates copy the Q-network every N learning steps instead', () => {
    const agent = agentOn('autodiff', SHAPE, { ...LAB, hardTargetEvery: 2 }, 0);
    const batch = randomMemory(2).sample(64, NumpyRandom.fromSeed(0));
    const first = weightsOf(agent.targetNetwork);
    agent.learn(batch);
    expect(weightsOf(agent.targetNetwork)).toEqual(first);
    agent.learn(batch);
    expect(weightsOf(agent.targetNetwork)).toEqual(weightsOf(agent.qNetwork));
  });

  it.each(['mse', 'huber'] as const)('fits a fixed batch: the %s loss falls', (loss) => {
    const agent = agentOn(
      'autodiff',
      SHAPE,
      { ...LAB, loss, tau: 0, gradClipNorm: loss === 'huber' ? 1 : 0 },
      0,
    );
    const batch = randomMemory(3).sample(64, NumpyRandom.fromSeed(0));
    const first = agent.learn(batch).loss;
    let last = first;
    for (let k = 0; k < 100; k++) last = agent.learn(batch).loss;
    expect(Number.isFinite(first)).toBe(true);
    expect(last).toBeLessThan(first * 0.5);
  });

  it('keeps the tensor count flat over 200 updates', () => {
    const agent = agentOn('autodiff', SHAPE, { ...LAB, doubleDqn: true, gradClipNorm: 5 }, 0);
    const memory = randomMemory(4, 500);
    const rng = NumpyRandom.fromSeed(0);
    agent.learn(memory.sample(64, rng)); // Adam creates its moment variables on the first update
    const count = tf.memory().numTensors;
    for (let k = 0; k < 200; k++) agent.learn(memory.sample(64, rng));
    expect(tf.memory().numTensors).toBe(count);
    agent.dispose();
    expect(tf.memory().numTensors).toBeLessThan(count);
  });

  it('changes the learning rate live and keeps Adam’s moment estimates', async () => {
    const agent = agentOn('autodiff', SHAPE, LAB, 0);
    agent.learn(randomMemory(5).sample(64, NumpyRandom.fromSeed(0)));
    const moments = () => {
      const { firstMoment, secondMoment, adamSteps } = agent.save();
      return { firstMoment, secondMoment, adamSteps };
    };
    const before = moments();
    expect(before.firstMoment.some((m) => m !== 0)).toBe(true);
    agent.configure({ learningRate: 3e-4 });
    expect(agent.learning.learningRate).toBe(3e-4);
    expect(moments()).toEqual(before);
  });

  it('acts greedily with the plain-JS forward pass exactly as the tfjs model ranks actions', () => {
    const agent = agentOn('autodiff', SHAPE, LAB, 7);
    const rng = NumpyRandom.fromSeed(8);
    const memory = randomMemory(6);
    for (let round = 0; round < 2; round++) {
      agent.learn(memory.sample(64, rng)); // the plain copy must follow the weights after each update
      const states = Array.from({ length: 300 }, () => Array.from({ length: 8 }, () => rng.uniform(-2, 2)));
      const tfq = (agent.qNetwork.predict(tf.tensor2d(states)) as tf.Tensor2D).arraySync();
      states.forEach((s, i) => {
        const q = agent.qValues(s);
        tfq[i].forEach((v, a) => expect(q[a]).toBeCloseTo(v, 4));
        expect(agent.act(s, 0, rng).action).toBe(argmax(tfq[i]));
      });
    }
  });

  it('explores with probability ε', () => {
    const agent = agentOn('autodiff', SHAPE, LAB, 0);
    const rng = NumpyRandom.fromSeed(9);
    let explored = 0;
    for (let k = 0; k < 4000; k++) if (agent.act(new Float32Array(8), 0.25, rng).explored) explored++;
    expect(explored / 4000).toBeGreaterThan(0.22);
    expect(explored / 4000).toBeLessThan(0.28);
  });
});

describe('weights set from outside (a loaded model)', () => {
  it('reach acting, learning and the Layers view on both tfjs learners', () => {
    for (const learner of ['autodiff', 'handwritten'] as const) {
      const agent = tinyAgent({ gamma: 0.9 }, learner);
      expect(Array.from(agent.qValues([1, 2]))).toEqual([4, 2]);
      agent.learn(tinyBatch());
      const learned = weightsOf(agent.qNetwork);
      expect(learned[4]).not.toEqual([4, 0, 0, 1]);
      expect(Array.from(agent.qValues([1, 2]))).not.toEqual([4, 2]);
      agent.dispose();
    }
  });
});

describe.each(['autodiff', 'handwritten'] as const)('reading the %s agent’s networks', (learner) => {
  it('forwardBatch gives each state’s Q-values; the target network’s differ from the online ones', () => {
    const agent = tinyAgent({}, learner);
    const states = Float32Array.from([1, 2, -1, 1]);
    expect(Array.from(agent.forwardBatch(states, 2))).toEqual([4, 2, 0, 1]);
    expect(Array.from(agent.forwardBatch(states, 2, 'target'))).toEqual([1, 6, 0, 3]);
    expect(Array.from(agent.targetQValues([1, 2]))).toEqual([1, 6]);
  });

  it('activations are the hidden layers’ outputs; weights() is the flat Layers order', () => {
    const agent = tinyAgent({}, learner);
    const a = agent.activations([1, 2]);
    expect([Array.from(a.hidden1), Array.from(a.hidden2), Array.from(a.q)]).toEqual([
      [1, 2],
      [1, 2],
      [4, 2],
    ]);
    expect(Array.from(agent.weights('online'))).toEqual(weightsOf(agent.qNetwork).flat());
    expect(Array.from(agent.weights('target'))).toEqual(weightsOf(agent.targetNetwork).flat());
  });
});
