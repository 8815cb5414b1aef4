/**
 * The ONNX export read back by ONNX Runtime (onnxruntime-web's WebAssembly build, in Node): the graph's
 * input and output, and its Q-values against the kernel engine's for the same weights and states.
 */
import * as ort from 'onnxruntime-web';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadKernelFromDisk } from '../../../src/agent/engines/kernel/nodeKernel';
import { onnxModel, ONNX_INPUT, ONNX_OUTPUT } from '../../../src/agent/model/onnxFormat';
import { parameterCount } from '../../../src/agent/networkShape';
import { defaultConfig } from '../../../src/config/hyperparameters';
import { LunarLander } from '../../../src/env/lunarLander';
import { NumpyRandom } from '../../../src/env/rng';
import { Trainer } from '../../../src/train/loop/trainer';
import { trainerNetwork } from '../../../src/train/runs/exportedNetwork';

beforeAll(async () => {
  await loadKernelFromDisk();
  ort.env.wasm.numThreads = 1;
});

/** `count` states: a lander's real observations along a random flight, and wilder made-up ones. */
function states(count: number): Float32Array {
  const env = new LunarLander();
  const rng = NumpyRandom.fromSeed(7n);
  const out = new Float32Array(count * 8);
  let obs = env.reset(3).observation;
  for (let i = 0; i < count; i++) {
    if (i % 2 === 0) {
      out.set(obs, i * 8);
      const r = env.step(rng.integers(0, 4) as 0 | 1 | 2 | 3);
      obs = r.terminated || r.truncated ? env.reset(3 + i).observation : r.observation;
    } else {
      for (let j = 0; j < 8; j++) out[i * 8 + j] = rng.uniform(-2, 2);
    }
  }
  return out;
}

async function onnxQ(bytes: Uint8Array, batch: Float32Array, count: number): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
  try {
    const out = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', batch, [count, 8]) });
    expect(out[ONNX_OUTPUT].dims).toEqual([count, 4]);
    return out[ONNX_OUTPUT].data as Float32Array;
  } finally {
    await session.release();
  }
}

function expectClose(actual: Float32Array, expected: Float32Array): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i] - expected[i]));
  expect(worst).toBeLessThan(1e-5);
}

describe('the ONNX export', () => {
  it('is a graph ONNX Runtime runs: input state [N, 8], output q_values [N, 4]', async () => {
    const trainer = new Trainer({ ...defaultConfig(), hidden1: 16, hidden2: 12 }, { engine: 'kernel' });
    const { shape, weights } = trainerNetwork(trainer, 'latest');
    trainer.dispose();
    const session = await ort.InferenceSession.create(onnxModel(shape, weights), {
      executionProviders: ['wasm'],
    });
    expect(session.inputNames).toEqual(['state']);
    expect(session.outputNames).toEqual(['q_values']);
    const meta = (m: readonly unknown[]) => m.map((x) => (x as { shape: unknown }).shape);
    expect(meta(session.inputMetadata)).toEqual([['N', 8]]);
    expect(meta(session.outputMetadata)).toEqual([['N', 4]]);
    await session.release();
  });

  it('gives the kernel’s Q-values within 1e-5, for a fresh network and a trained one, on a batch of states', async () => {
    const trainer = new Trainer({ ...defaultConfig(), seed: 5 }, { engine: 'kernel' });
    const count = 64;
    const batch = states(count);
    const check = async () => {
      const { shape, weights } = trainerNetwork(trainer, 'latest');
      const kernel = trainer.agent.forwardBatch(batch, count).slice();
      expectClose(await onnxQ(onnxModel(shape, weights), batch, count), kernel);
      return kernel;
    };
    const fresh = await check();
    while (trainer.agent.updates < 300) trainer.step();
    const trained = await check();
    // The trained network is another function than the fresh one: the comparison saw learning.
    expect(trained.some((q, i) => Math.abs(q - fresh[i]) > 1e-3)).toBe(true);
    trainer.dispose();
  });

  it('holds a batch of one and a network of another size (8-37-21-4)', async () => {
    const shape = { inputs: 8, hidden1: 37, hidden2: 21, actions: 4 };
    const trainer = new Trainer(
      { ...defaultConfig(), hidden1: 37, hidden2: 21, seed: 2 },
      { engine: 'kernel' },
    );
    const { weights } = trainerNetwork(trainer, 'latest');
    expect(weights.length).toBe(parameterCount(shape));
    const one = states(1);
    expectClose(await onnxQ(onnxModel(shape, weights), one, 1), trainer.agent.forwardBatch(one, 1).slice());
    trainer.dispose();
  });

  it('refuses weights that do not fit the shape', () => {
    const shape = { inputs: 8, hidden1: 4, hidden2: 4, actions: 4 };
    expect(() => onnxModel(shape, new Float32Array(parameterCount(shape) - 1))).toThrow(
      /do not fit a 8-4-4-4 network/,
    );
  });
});
