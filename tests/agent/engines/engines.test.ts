/**
 * Every learning engine computes the same update: against the readable reference (tfjs autodiff) and a
 * plain float64 one, from the same starting weights on the same batches, the losses, mean max-Q, weights
 * and Adam moments agree within 1e-5 relative over 10 updates, for each variant of the update (the
 * Rainbow-lite options each and together: a dueling head, n-step's γⁿ, prioritized replay's importance
 * weights, whose TD errors must agree too); and a checkpoint taken on one engine resumes on any other.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { KernelLearner } from '../../../src/agent/engines/kernel/kernelLearner';
import { kernelFile, loadKernelFromDisk } from '../../../src/agent/engines/kernel/nodeKernel';
import type { LearnerName, LearningSettings } from '../../../src/agent/learner';
import type { NetworkShape } from '../../../src/agent/networkShape';
import { ReplayBuffer } from '../../../src/agent/replayBuffer';
import type { Batch } from '../../../src/agent/replayBuffer';
import { NumpyRandom } from '../../../src/env/rng';
import { agentOn, LAB, LARGEST_BATCH, SHAPE } from '../fixtures';
import { Reference64 } from './reference64';

beforeAll(async () => {
  await tf.setBackend('wasm');
  await loadKernelFromDisk();
});

/** `n` random transitions for a network of this shape, about one in ten ending an episode. */
function memoryFor(shape: NetworkShape, seed: number, n = 1000): ReplayBuffer {
  const rng = NumpyRandom.fromSeed(seed);
  const buffer = new ReplayBuffer(n, shape.inputs);
  const s = () => Array.from({ length: shape.inputs }, () => rng.uniform(-1, 1));
  for (let i = 0; i < n; i++)
    buffer.add(s(), rng.integers(0, shape.actions), rng.uniform(-10, 10), s(), rng.uniform(0, 1) < 0.1);
  return buffer;
}

interface Variant {
  settings: Partial<LearningSettings>;
  shape?: NetworkShape;
  batch?: number;
  /** A live learning-rate change before this update. */
  lrChangeAt?: number;
  /** Importance weights on every batch (drawn in (0, 1]), as prioritized replay gives them. */
  weighted?: boolean;
  /** Adam's step count before the first update (its moments still 0). */
  adamSteps?: number;
}

const DUELING = { ...SHAPE, dueling: true };
const ODD_DUELING = { inputs: 8, hidden1: 37, hidden2: 21, actions: 5, dueling: true };

const VARIANTS: [string, Variant][] = [
  ['the lab', { settings: {} }],
  ['Double DQN + Huber + clipping', { settings: { doubleDqn: true, loss: 'huber', gradClipNorm: 0.5 } }],
  ['hard target copies', { settings: { hardTargetEvery: 3 } }],
  ['a live learning-rate change', { settings: {}, lrChangeAt: 5 }],
  [
    'an 8-37-21-5 network, batch 33',
    { settings: { doubleDqn: true }, shape: { inputs: 8, hidden1: 37, hidden2: 21, actions: 5 }, batch: 33 },
  ],
  ['a dueling head', { settings: {}, shape: DUELING }],
  ['3-step returns', { settings: { nStep: 3 } }],
  ['importance weights', { settings: {}, weighted: true }],
  // 1 − β1ᵗ reaches 1 in f32 at step 165 and 1 − β2ᵗ at 17,321, where the kernel stops dividing by them.
  ['Adam from step 160 (its first bias correction reaches 1)', { settings: {}, adamSteps: 160 }],
  ['Adam from step 17,315 (its second bias correction reaches 1)', { settings: {}, adamSteps: 17_315 }],
  [
    'all three with Double DQN, Huber and clipping',
    {
      settings: { nStep: 5, doubleDqn: true, loss: 'huber', gradClipNorm: 0.5 },
      shape: DUELING,
      weighted: true,
    },
  ],
  [
    'all three on an 8-37-21-5 network, batch 33, with a live learning-rate change',
    { settings: { nStep: 10, loss: 'huber' }, shape: ODD_DUELING, batch: 33, weighted: true, lrChangeAt: 4 },
  ],
];

/** The variant's batch: the memory's, with importance weights when it asks for them. */
function batchOf(memory: ReplayBuffer, rng: NumpyRandom, v: Variant): Batch {
  const batch = memory.sample(v.batch ?? 64, rng);
  if (!v.weighted) return batch;
  return { ...batch, weights: Float32Array.from({ length: batch.size }, () => rng.uniform(0.05, 1)) };
}

interface Trajectory {
  losses: number[];
  maxQs: number[];
  /** Every update's TD errors, one after another (none without importance weights). */
  tds: number[];
  /** Online, target and both Adam moments after the last update, in the Layers order. */
  state: Float32Array[];
}

function run(learner: LearnerName, v: Variant, updates = 10): Trajectory {
  const shape = v.shape ?? SHAPE;
  const agent = agentOn(learner, shape, { ...LAB, ...v.settings }, 4);
  if (v.adamSteps) agent.load({ ...agent.save(), adamSteps: v.adamSteps });
  const memory = memoryFor(shape, 2);
  const rng = NumpyRandom.fromSeed(3);
  const losses: number[] = [];
  const maxQs: number[] = [];
  const tds: number[] = [];
  for (let k = 0; k < updates; k++) {
    if (k === v.lrChangeAt) agent.configure({ learningRate: 5e-3 });
    const r = agent.learn(batchOf(memory, rng, v));
    losses.push(r.loss);
    maxQs.push(r.meanMaxQ);
    expect(r.tdErrors === null).toBe(!v.weighted);
    tds.push(...(r.tdErrors ?? []));
  }
  const saved = agent.save();
  agent.dispose();
  return { losses, maxQs, tds, state: [saved.online, saved.target, saved.firstMoment, saved.secondMoment] };
}

/** The same run through the float64 reference, from the same initial weights. */
function run64(v: Variant, updates = 10): Omit<Trajectory, 'state'> & { state: Float64Array[] } {
  const shape = v.shape ?? SHAPE;
  const start = agentOn('autodiff', shape, LAB, 4);
  const reference = new Reference64(shape, { ...start.save(), adamSteps: v.adamSteps ?? 0 });
  start.dispose();
  const settings = { ...LAB, ...v.settings };
  const memory = memoryFor(shape, 2);
  const rng = NumpyRandom.fromSeed(3);
  const losses: number[] = [];
  const maxQs: number[] = [];
  const tds: number[] = [];
  for (let k = 0; k < updates; k++) {
    if (k === v.lrChangeAt) settings.learningRate = 5e-3;
    const r = reference.learn(batchOf(memory, rng, v), settings);
    losses.push(r.loss);
    maxQs.push(r.meanMaxQ);
    if (v.weighted) tds.push(...r.tdErrors);
  }
  return {
    losses,
    maxQs,
    tds,
    state: [reference.weights('online'), reference.weights('target'), reference.m, reference.v],
  };
}

/** Largest |got − want| / max(1, |want|) over every number. */
function worstRelative(got: ArrayLike<number>[], want: ArrayLike<number>[]): number {
  let worst = 0;
  got.forEach((g, i) => {
    expect(g.length).toBe(want[i].length);
    for (let k = 0; k < g.length; k++)
      worst = Math.max(worst, Math.abs(g[k] - want[i][k]) / Math.max(1, Math.abs(want[i][k])));
  });
  return worst;
}

function expectSame(got: Trajectory, want: Omit<Trajectory, 'state'> & { state: ArrayLike<number>[] }) {
  expect(worstRelative([got.losses], [want.losses]), 'losses').toBeLessThan(1e-5);
  expect(worstRelative([got.maxQs], [want.maxQs]), 'mean max-Q').toBeLessThan(1e-5);
  expect(worstRelative([got.tds], [want.tds]), 'TD errors').toBeLessThan(1e-5);
  expect(worstRelative(got.state, want.state), 'weights and moments').toBeLessThan(1e-5);
}

describe.each(['kernel', 'handwritten'] as const)('the %s learner', (learner) => {
  it.each(VARIANTS)('%s: the same as the autodiff reference over 10 updates', (_, variant) => {
    expectSame(run(learner, variant), run('autodiff', variant));
  });
});

describe('the kernel at the table’s extreme shapes', () => {
  it.each([
    ['4-4 hidden units, batch 1', { inputs: 8, hidden1: 4, hidden2: 4, actions: 4 }, 1],
    ['512-300 hidden units, batch 7', { inputs: 8, hidden1: 512, hidden2: 300, actions: 4 }, 7],
    [
      '5 inputs (not a multiple of 4), 12-8 hidden units, batch 9',
      { inputs: 5, hidden1: 12, hidden2: 8, actions: 3 },
      9,
    ],
  ] as const)('%s: the same as the autodiff reference', (_, shape, batch) => {
    const variant: Variant = { settings: { doubleDqn: true, gradClipNorm: 1 }, shape, batch };
    expectSame(run('kernel', variant, 3), run('autodiff', variant, 3));
  });
});

describe.each(['kernel', 'handwritten', 'autodiff'] as const)('the %s learner against float64', (learner) => {
  it.each(VARIANTS)('%s: within 1e-5 of the plain float64 update', (_, variant) => {
    expectSame(run(learner, variant), run64(variant));
  });
});

describe('the autodiff reference’s Adam', () => {
  it('is tfjs’s AdamOptimizer: the same weights after 10 steps on the same gradients', () => {
    const shape = SHAPE;
    const agent = agentOn('autodiff', shape, { ...LAB, tau: 0 }, 1);
    const model = agent.qNetwork;
    const optimizer = tf.train.adam(LAB.learningRate, 0.9, 0.999, 1e-7);
    const memory = memoryFor(shape, 7);
    const rng = NumpyRandom.fromSeed(8);
    const twin = tf.sequential({ layers: model.layers.map((l) => tf.layers.dense(l.getConfig() as never)) });
    twin.build([null, shape.inputs]);
    twin.setWeights(model.getWeights());
    for (let k = 0; k < 10; k++) {
      const batch = memory.sample(64, rng);
      // The same loss the agent minimises, with the target network equal to the start (τ = 0).
      const target = agent.targetNetwork;
      const y = tf.tidy(() => {
        const q = target.apply(tf.tensor2d(batch.nextStates, [64, 8])) as tf.Tensor2D;
        return tf.add(
          tf.tensor1d(batch.rewards),
          tf.mul(tf.mul(tf.sub(1, tf.tensor1d(batch.dones)), LAB.gamma), tf.max(q, 1)),
        );
      });
      optimizer.minimize(() => {
        const q = twin.apply(tf.tensor2d(batch.states, [64, 8])) as tf.Tensor2D;
        const mask = tf.cast(tf.oneHot(tf.tensor1d(batch.actions, 'int32'), 4), 'float32');
        return tf.losses.meanSquaredError(y, tf.sum(tf.mul(q, mask), 1)) as tf.Scalar;
      });
      y.dispose();
      agent.learn(batch);
    }
    const ours = agent.weights('online');
    const theirs = Float32Array.from(twin.getWeights().flatMap((w) => Array.from(w.dataSync())));
    expect(worstRelative([ours], [theirs])).toBeLessThan(1e-6);
    agent.dispose();
    twin.dispose();
    optimizer.dispose();
  });
});

describe('checkpoints across engines', () => {
  it('a state saved on any engine resumes on any other and carries on as the original would', () => {
    const memory = memoryFor(SHAPE, 9);
    const learners: LearnerName[] = ['kernel', 'handwritten', 'autodiff'];
    for (const from of learners) {
      for (const to of learners) {
        const rng = NumpyRandom.fromSeed(10);
        const a = agentOn(from, SHAPE, LAB, 5);
        for (let k = 0; k < 3; k++) a.learn(memory.sample(64, rng));
        const b = agentOn(to, SHAPE, LAB, 99);
        b.load(a.save());
        expect(b.updates).toBe(3);
        const batch = memory.sample(64, rng);
        const ra = a.learn(batch);
        const rb = b.learn(batch);
        expect(Math.abs(ra.loss - rb.loss) / Math.max(1, ra.loss), `${from} → ${to}`).toBeLessThan(1e-5);
        const sa = a.save();
        const sb = b.save();
        expect(
          worstRelative(
            [sb.online, sb.target, sb.firstMoment, sb.secondMoment],
            [sa.online, sa.target, sa.firstMoment, sa.secondMoment],
          ),
          `${from} → ${to}`,
        ).toBeLessThan(1e-5);
        a.dispose();
        b.dispose();
      }
    }
  });

  it('refuses a state of another shape, naming the size, and keeps its own', () => {
    const agent = agentOn('kernel', SHAPE, LAB, 0);
    const before = agent.weights('online');
    const other = agentOn('kernel', { ...SHAPE, hidden1: 32 }, LAB, 0);
    expect(() => agent.load(other.save())).toThrow(/does not fit this one \(4996 parameters\)/);
    expect(agent.weights('online')).toEqual(before);
  });
});

describe.each(['kernel', 'handwritten', 'autodiff'] as const)(
  'a dueling head on the %s learner',
  (learner) => {
    it('folds into a plain 8-37-21-5 Sequential with the Q-values it learns with, and loads back', () => {
      const agent = agentOn(learner, ODD_DUELING, LAB, 3);
      const memory = memoryFor(ODD_DUELING, 4);
      const rng = NumpyRandom.fromSeed(5);
      for (let k = 0; k < 3; k++) agent.learn(memory.sample(33, rng));
      expect(agent.shape).toEqual({ inputs: 8, hidden1: 37, hidden2: 21, actions: 5 });
      const model = agent.qNetwork;
      expect(model.layers.map((l) => (l.getConfig() as { units: number }).units)).toEqual([37, 21, 5]);
      const states = Float32Array.from({ length: 50 * 8 }, () => rng.uniform(-2, 2));
      const want = (model.predict(tf.tensor2d(states, [50, 8])) as tf.Tensor).dataSync();
      expect(worstRelative([agent.forwardBatch(states, 50)], [want])).toBeLessThan(1e-5);
      // Into a new dueling agent (continuing a saved model): the same Q-values.
      const again = agentOn(learner, ODD_DUELING, LAB, 9);
      again.setFlatWeights(agent.weights('online'));
      expect(worstRelative([again.forwardBatch(states, 50)], [want])).toBeLessThan(1e-5);
      agent.dispose();
      again.dispose();
    });
  },
);

describe('the kernel learner', () => {
  it('acts, reads both networks and the hidden layers like the Layers models', () => {
    const agent = agentOn('kernel', { inputs: 8, hidden1: 37, hidden2: 21, actions: 5 }, LAB, 3);
    const memory = memoryFor(agent.shape, 4);
    const rng = NumpyRandom.fromSeed(5);
    for (let k = 0; k < 3; k++) agent.learn(memory.sample(33, rng));
    const states = Float32Array.from({ length: 1500 * 8 }, () => rng.uniform(-2, 2));
    for (const network of ['online', 'target'] as const) {
      const model = network === 'online' ? agent.qNetwork : agent.targetNetwork;
      const want = (model.predict(tf.tensor2d(states, [1500, 8])) as tf.Tensor).dataSync();
      const got = agent.forwardBatch(states, 1500, network);
      expect(worstRelative([got], [want])).toBeLessThan(1e-5);
    }
    const first = Array.from(states.subarray(0, 8));
    const h1 = (
      tf.layers
        .dense({ units: 37, activation: 'relu', weights: agent.qNetwork.layers[0].getWeights() })
        .apply(tf.tensor2d([first])) as tf.Tensor
    ).dataSync();
    const { hidden1, q } = agent.activations(first);
    expect(worstRelative([hidden1], [h1])).toBeLessThan(1e-5);
    expect(worstRelative([q], [agent.forwardBatch(states, 1).slice(0, 5)])).toBe(0);
  });

  it('runs 2000 updates alternating batch 1 and the largest the settings allow, and refuses a larger one', () => {
    const agent = agentOn('kernel', SHAPE, LAB, 0);
    const memory = memoryFor(SHAPE, 6, 2000);
    const rng = NumpyRandom.fromSeed(7);
    const tensors = tf.memory().numTensors;
    let last = { loss: 0, meanMaxQ: 0 };
    for (let k = 0; k < 2000; k++) last = agent.learn(memory.sample(k % 2 ? LARGEST_BATCH : 1, rng));
    expect(Number.isFinite(last.loss)).toBe(true);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(() => agent.learn(memory.sample(LARGEST_BATCH + 1, rng))).toThrow(`at most ${LARGEST_BATCH}`);
  });

  it('holds the largest batch its maker names, and reads more states than that in chunks of it', () => {
    const small = agentOn('kernel', SHAPE, LAB, 2, 33);
    const large = agentOn('kernel', SHAPE, LAB, 2);
    const memory = memoryFor(SHAPE, 8);
    const rng = NumpyRandom.fromSeed(9);
    expect(() => small.learn(memory.sample(34, rng))).toThrow('at most 33 transitions, got 34');
    const batch = memory.sample(33, rng);
    expect(small.learn(batch)).toEqual(large.learn(batch));
    const states = Float32Array.from({ length: 100 * 8 }, () => rng.uniform(-2, 2));
    expect(small.forwardBatch(states, 100)).toEqual(large.forwardBatch(states, 100));
  });
});

describe('the kernel builds', () => {
  it.each(['scalar', 'relaxed'] as const)(
    'the %s build gives the update of the SIMD build (where the runtime has it)',
    async (build) => {
      const bytes = await readFile(kernelFile(build));
      if (!WebAssembly.validate(bytes)) {
        // Node 20 runs relaxed SIMD only behind --experimental-wasm-relaxed-simd.
        expect(build).toBe('relaxed');
        return;
      }
      const module = await WebAssembly.compile(bytes);
      const shape = { inputs: 8, hidden1: 37, hidden2: 21, actions: 5 };
      const settings = { ...LAB, doubleDqn: true, loss: 'huber' as const, gradClipNorm: 0.5 };
      const start = agentOn('autodiff', shape, settings, 4);
      const saved = start.save();
      const learners = [
        new KernelLearner(shape, saved.online, saved.target, 33),
        new KernelLearner(shape, saved.online, saved.target, 33, module),
      ];
      const memory = memoryFor(shape, 2);
      const rng = NumpyRandom.fromSeed(3);
      for (let k = 0; k < 10; k++) {
        const batch = memory.sample(33, rng);
        const [a, b] = learners.map((l) => l.learn(batch, settings));
        expect(Math.abs(a.loss - b.loss) / Math.max(1, a.loss)).toBeLessThan(1e-5);
      }
      const [a, b] = learners.map((l) => l.save());
      expect(worstRelative([b.online, b.secondMoment], [a.online, a.secondMoment])).toBeLessThan(1e-5);
      start.dispose();
    },
  );
});
