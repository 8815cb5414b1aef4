/**
 * A Q-network as the standard TensorFlow.js Layers files, `model.json` plus one weights file, with the
 * run's metadata in the model's user-defined metadata; and the checked way back in.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import * as tf from '@tensorflow/tfjs';

const MAX_MODEL_BYTES = 50 * 1024 * 1024;

export async function saveModel(
  model: tf.LayersModel,
  dir: string,
  metadata: Record<string, unknown>,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const weightsName = 'weights.bin';
  model.setUserDefinedMetadata(metadata);
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const json = {
        format: 'layers-model',
        generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [weightsName], weights: artifacts.weightSpecs }],
        userDefinedMetadata: artifacts.userDefinedMetadata,
      };
      await writeFile(join(dir, 'model.json'), JSON.stringify(json));
      await writeFile(join(dir, weightsName), Buffer.from(artifacts.weightData as ArrayBuffer));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return join(dir, 'model.json');
}

/** Loads and checks a saved Q-network: Layers format, input size and number of actions. */
export async function loadModel(
  modelJsonPath: string,
  expect: { inputs: number; actions: number },
): Promise<{ model: tf.LayersModel; metadata: Record<string, unknown> }> {
  const fail = (why: string) => new Error(`${basename(modelJsonPath)}: ${why}`);
  const size = (await stat(modelJsonPath)).size;
  if (size > MAX_MODEL_BYTES) throw fail(`${size} bytes is too large for a model description`);
  let json: {
    format?: string;
    modelTopology?: object;
    weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
    userDefinedMetadata?: Record<string, unknown>;
  };
  try {
    json = JSON.parse(await readFile(modelJsonPath, 'utf8'));
  } catch {
    throw fail('not a JSON file');
  }
  if (json.format !== 'layers-model' || !json.modelTopology || !Array.isArray(json.weightsManifest)) {
    throw fail(
      'not a TensorFlow.js Layers model (format "layers-model" with a topology and weights manifest)',
    );
  }
  const specs = json.weightsManifest.flatMap((g) => g.weights);
  const buffers = await Promise.all(
    json.weightsManifest.flatMap((g) => g.paths).map((p) => readFile(join(dirname(modelJsonPath), p))),
  );
  const weightData = Buffer.concat(buffers);
  const expected = specs.reduce((n, s) => n + 4 * s.shape.reduce((a, b) => a * b, 1), 0);
  if (weightData.byteLength !== expected) {
    throw fail(`the weights hold ${weightData.byteLength} bytes where the manifest needs ${expected}`);
  }
  const model = await tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: json.modelTopology,
      weightSpecs: specs,
      weightData: weightData.buffer.slice(
        weightData.byteOffset,
        weightData.byteOffset + weightData.byteLength,
      ),
    }),
  );
  const inputs = model.inputs[0].shape[1];
  const actions = model.outputs[0].shape[1];
  if (inputs !== expect.inputs || actions !== expect.actions) {
    model.dispose();
    throw fail(
      `the network maps ${inputs} inputs to ${actions} outputs; LunarLander needs ${expect.inputs} → ${expect.actions}`,
    );
  }
  return { model, metadata: json.userDefinedMetadata ?? {} };
}
