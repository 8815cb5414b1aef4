/**
 * A Q-network as the standard TensorFlow.js Layers files (`model.json` and one weights file, the run's
 * metadata in the model's user-defined metadata), and the checked way back in. No file system here: the
 * command line writes these bytes to disk, the page hands them to the browser as downloads.
 */
import * as tf from '@tensorflow/tfjs';

import { MAX_MODEL_JSON_BYTES } from './modelLimits';

export interface ModelFiles {
  /** The text of `model.json`. */
  json: string;
  weights: ArrayBuffer;
}

interface ModelJson {
  format?: unknown;
  modelTopology?: unknown;
  weightsManifest?: unknown;
  userDefinedMetadata?: unknown;
}

/** The two files of `model`, whose manifest names its weights file `weightsName`. */
export async function modelFiles(
  model: tf.LayersModel,
  weightsName: string,
  metadata: Record<string, unknown>,
): Promise<ModelFiles> {
  model.setUserDefinedMetadata(metadata);
  let files: ModelFiles | null = null;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      files = {
        json: JSON.stringify({
          format: 'layers-model',
          generatedBy: `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
          convertedBy: null,
          modelTopology: artifacts.modelTopology,
          weightsManifest: [{ paths: [weightsName], weights: artifacts.weightSpecs }],
          userDefinedMetadata: artifacts.userDefinedMetadata,
        }),
        weights: artifacts.weightData as ArrayBuffer,
      };
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  return files!;
}

export interface CheckedModel {
  model: tf.LayersModel;
  metadata: Record<string, unknown>;
}

/**
 * Parses and checks a saved Q-network: Layers format, weights of the length its manifest needs, `inputs`
 * inputs and `actions` outputs. Throws an Error that says what was wrong; nothing is kept on failure.
 */
export async function readModelFiles(
  jsonText: string,
  weights: ArrayBuffer,
  expect: { inputs: number; actions: number },
): Promise<CheckedModel> {
  if (jsonText.length > MAX_MODEL_JSON_BYTES) {
    throw new Error(`the model description is ${jsonText.length} bytes; at most ${MAX_MODEL_JSON_BYTES}`);
  }
  let json: ModelJson;
  try {
    json = JSON.parse(jsonText) as ModelJson;
  } catch {
    throw new Error('the model description is not JSON');
  }
  const manifest = json?.weightsManifest;
  if (
    json?.format !== 'layers-model' ||
    typeof json.modelTopology !== 'object' ||
    json.modelTopology === null ||
    !Array.isArray(manifest) ||
    !manifest.every((g) => Array.isArray(g?.weights))
  ) {
    throw new Error(
      'not a TensorFlow.js Layers model (it needs format "layers-model", a topology and a weights manifest)',
    );
  }
  const specs = (manifest as { weights: tf.io.WeightsManifestEntry[] }[]).flatMap((g) => g.weights);
  const expected = specs.reduce(
    (n, s) => n + 4 * (Array.isArray(s?.shape) ? s.shape.reduce((a, b) => a * b, 1) : NaN),
    0,
  );
  if (!Number.isFinite(expected) || specs.some((s) => s.dtype !== undefined && s.dtype !== 'float32')) {
    throw new Error('the weights manifest lists weights without a shape or not of type float32');
  }
  if (weights.byteLength !== expected) {
    throw new Error(
      `the weights file holds ${weights.byteLength} bytes where the model needs ${expected}` +
        (weights.byteLength < expected ? ' (truncated, or the weights of another model?)' : ''),
    );
  }
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: json.modelTopology as object,
        weightSpecs: specs,
        weightData: weights,
      }),
    );
  } catch (e) {
    throw new Error(`TensorFlow.js cannot build this model: ${(e as Error).message}`);
  }
  const inputs = model.inputs[0]?.shape[1];
  const outputs = model.outputs[0]?.shape[1];
  if (model.inputs.length !== 1 || inputs !== expect.inputs || outputs !== expect.actions) {
    model.dispose();
    throw new Error(
      `the network maps ${inputs} inputs to ${outputs} outputs; LunarLander needs ${expect.inputs} → ${expect.actions}`,
    );
  }
  const metadata = json.userDefinedMetadata;
  return {
    model,
    metadata: typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>) : {},
  };
}
