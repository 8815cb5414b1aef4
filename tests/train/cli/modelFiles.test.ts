import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { buildQNetwork } from '../../../src/agent/qNetwork';
import { loadModel, saveModel } from '../../../src/train/cli/modelFiles';

const dir = mkdtempSync(join(tmpdir(), 'lander-model-'));
const LANDER = { inputs: 8, actions: 4 };

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('model files', () => {
  it('round-trip a Q-network with its weights and metadata as standard Layers files', async () => {
    const model = buildQNetwork({ inputs: 8, hidden1: 16, hidden2: 8, actions: 4 }, 1);
    const path = await saveModel(model, join(dir, 'ok'), { preset: 'lab', episodes: 12 });
    const { model: back, metadata } = await loadModel(path, LANDER);
    expect(metadata).toEqual({ preset: 'lab', episodes: 12 });
    const x = tf.randomUniform([5, 8], -1, 1, 'float32', 3);
    expect(Array.from((back.predict(x) as tf.Tensor).dataSync())).toEqual(
      Array.from((model.predict(x) as tf.Tensor).dataSync()),
    );
  });

  it('refuses a network of the wrong shape, naming the sizes', async () => {
    const path = await saveModel(
      buildQNetwork({ inputs: 6, hidden1: 4, hidden2: 4, actions: 2 }, 1),
      join(dir, 'rover'),
      {},
    );
    await expect(loadModel(path, LANDER)).rejects.toThrow(
      /maps 6 inputs to 2 outputs; LunarLander needs 8 → 4/,
    );
  });

  it('refuses truncated weights and files that are not Layers models', async () => {
    const path = await saveModel(
      buildQNetwork({ inputs: 8, hidden1: 4, hidden2: 4, actions: 4 }, 1),
      join(dir, 'cut'),
      {},
    );
    const bin = join(dir, 'cut', 'weights.bin');
    writeFileSync(bin, readFileSync(bin).subarray(0, 100));
    await expect(loadModel(path, LANDER)).rejects.toThrow(
      /weights file holds 100 bytes where the model needs/,
    );
    rmSync(bin);
    await expect(loadModel(path, LANDER)).rejects.toThrow(/weights file weights.bin is missing/);
    writeFileSync(join(dir, 'x.json'), 'not json');
    await expect(loadModel(join(dir, 'x.json'), LANDER)).rejects.toThrow(/not JSON/);
    writeFileSync(join(dir, 'y.json'), '{"format":"graph-model"}');
    await expect(loadModel(join(dir, 'y.json'), LANDER)).rejects.toThrow(/not a TensorFlow.js Layers model/);
  });
});
