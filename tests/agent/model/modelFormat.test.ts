/** Reading model files: regressions found by the fuzz tests (tests/fuzz/modelFormat.test.ts). */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ModelFileError, modelFiles, readModelFiles } from '../../../src/agent/model/modelFormat';
import type { ModelFiles } from '../../../src/agent/model/modelFormat';
import { buildQNetwork } from '../../../src/agent/qNetwork';

const LANDER = { inputs: 8, actions: 4 };
let files: ModelFiles;

beforeAll(async () => {
  const model = buildQNetwork({ inputs: 8, hidden1: 4, hidden2: 5, actions: 4 }, 1);
  files = await modelFiles(model, 'w.bin', {});
  model.dispose();
});

/** model.json with `edit` applied to its parsed form. */
function edited(
  edit: (json: { modelTopology: { config: { layers: { config: Record<string, unknown> }[] } } }) => void,
) {
  const json = JSON.parse(files.json);
  edit(json);
  return JSON.stringify(json);
}

async function refusal(
  json: string,
  weights = files.weights.slice(0),
): Promise<{ error: Error; leaked: number }> {
  const before = tf.memory().numTensors;
  const error = await readModelFiles(json, weights, LANDER).then(
    () => new Error('accepted'),
    (e: Error) => e,
  );
  return { error, leaked: tf.memory().numTensors - before };
}

describe('reading model files', () => {
  it('refuses NaN or infinite weights (a diverged run), which it used to accept', async () => {
    const weights = new Float32Array(files.weights.slice(0));
    weights[7] = NaN;
    const { error } = await refusal(files.json, weights.buffer);
    expect(error).toBeInstanceOf(ModelFileError);
    expect(error.message).toBe('the weights hold NaN or infinite values (saved from a diverged run?)');
  });

  it('refuses a layer without a usable name, leaking no tensors (TensorFlow.js leaked 12)', async () => {
    const { error, leaked } = await refusal(
      edited((j) => (j.modelTopology.config.layers[0].config.name = null)),
    );
    expect(error).toBeInstanceOf(ModelFileError);
    expect(error.message).toMatch(/layer 1 needs a name of its own/);
    expect(leaked).toBe(0);
  });

  it('refuses a billion units before anything is allocated', async () => {
    const { error, leaked } = await refusal(
      edited((j) => (j.modelTopology.config.layers[1].config.units = 1e9)),
    );
    expect(error.message).toBe('layer 2 must have 1 to 4096 units; got 1000000000');
    expect(leaked).toBe(0);
  });

  it('names a layer that is not Dense, rather than quoting TensorFlow.js internals', async () => {
    const { error } = await refusal(
      edited((j) => ((j.modelTopology.config.layers as unknown[])[1] = { class_name: 'Conv2D', config: {} })),
    );
    expect(error.message).toBe('layer 2 is not a Dense layer (only Dense layers are read)');
  });

  it('refuses a manifest that does not match the layers', async () => {
    const json = JSON.parse(files.json);
    json.weightsManifest[0].weights[2].shape = [5, 4];
    const { error } = await refusal(JSON.stringify(json));
    expect(error.message).toMatch(
      /^the weights manifest does not match the layers: the layers need dense_Dense1\/kernel \[8,4\]/,
    );
  });
});
