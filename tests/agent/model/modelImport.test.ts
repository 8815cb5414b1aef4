/** Model files read back as a Q-network: its layer sizes, and refusals of networks this lab cannot fly. */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { modelFiles, ModelFileError } from '../../../src/agent/model/modelFormat';
import type { ModelFiles } from '../../../src/agent/model/modelFormat';
import { importQNetwork, qNetworkShape } from '../../../src/agent/model/modelImport';
import { buildQNetwork, flatWeights } from '../../../src/agent/qNetwork';

const LANDER = { inputs: 8, actions: 4 };
const SHAPE = { inputs: 8, hidden1: 6, hidden2: 5, actions: 4 };
let files: ModelFiles;
let weights: Float32Array;

beforeAll(async () => {
  const model = buildQNetwork(SHAPE, 3);
  weights = flatWeights(model);
  files = await modelFiles(model, 'w.bin', { episodes: 12 });
  model.dispose();
});

/** The files of a Sequential stack of Dense layers of `units`, with `activation` on every hidden one. */
async function denseFiles(units: number[], activation: string): Promise<ModelFiles> {
  const model = tf.sequential();
  units.forEach((u, i) =>
    model.add(
      tf.layers.dense({
        units: u,
        activation: i === units.length - 1 ? 'linear' : (activation as 'relu'),
        ...(i === 0 ? { inputShape: [8] } : {}),
      }),
    ),
  );
  const out = await modelFiles(model, 'w.bin', {});
  model.dispose();
  return out;
}

async function refusal(f: ModelFiles): Promise<{ error: Error; leaked: number }> {
  const before = tf.memory().numTensors;
  const error = await importQNetwork(f.json, f.weights, LANDER).then(
    (n) => (n.model.dispose(), new Error('accepted')),
    (e: Error) => e,
  );
  return { error, leaked: tf.memory().numTensors - before };
}

describe('importing a Q-network', () => {
  it('gives its layer sizes, its weights and its metadata', async () => {
    const imported = await importQNetwork(files.json, files.weights, LANDER);
    expect(imported.shape).toEqual(SHAPE);
    expect(flatWeights(imported.model)).toEqual(weights);
    expect(imported.metadata).toEqual({ episodes: 12 });
    imported.model.dispose();
  });

  it('refuses activations other than relu, relu, linear, keeping no tensors', async () => {
    const { error, leaked } = await refusal(await denseFiles([6, 5, 4], 'tanh'));
    expect(error).toBeInstanceOf(ModelFileError);
    expect(error.message).toBe(
      "the layers' activations are tanh, tanh, linear; a Q-network here has relu, relu, linear",
    );
    expect(leaked).toBe(0);
  });

  it('refuses a stack of Dense layers that is not two hidden ones, keeping no tensors', async () => {
    const { error, leaked } = await refusal(await denseFiles([6, 4], 'relu'));
    expect(error).toBeInstanceOf(ModelFileError);
    expect(error.message).toBe(
      'not a Q-network of two hidden Dense layers (weight shapes [8,6] [6] [6,4] [4])',
    );
    expect(leaked).toBe(0);
  });

  it('leaves the format checks to readModelFiles', async () => {
    await expect(importQNetwork('{"a":', files.weights, LANDER)).rejects.toThrow(/not JSON/);
  });
});

describe('the layer sizes of a Q-network', () => {
  it('come from its kernels and biases', () => {
    expect(qNetworkShape([[8, 6], [6], [6, 5], [5], [5, 4], [4]])).toEqual(SHAPE);
  });

  it('are refused when the shapes do not chain, or a bias is missing', () => {
    expect(() => qNetworkShape([[8, 6], [6], [7, 5], [5], [5, 4], [4]])).toThrow(ModelFileError);
    expect(() => qNetworkShape([[8, 6], [5], [6, 5], [5], [5, 4], [4]])).toThrow(ModelFileError);
    expect(() => qNetworkShape([[8, 6], [6, 5], [5], [5, 4], [4]])).toThrow(
      /not a Q-network of two hidden Dense layers/,
    );
  });
});
