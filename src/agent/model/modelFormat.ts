/**
 * A Q-network as the standard TensorFlow.js Layers files (`model.json` and one weights file, the run's
 * metadata in the model's user-defined metadata), and the checked way back in. No file system here: the
 * command line writes these bytes to disk, the page hands them to the browser as downloads.
 */
import * as tf from '@tensorflow/tfjs';

import { MAX_MODEL_JSON_BYTES } from './modelLimits';
import { checkDenseTopology, ModelFileError } from './modelTopology';

export { ModelFileError } from './modelTopology';

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
 * Parses and checks a saved Q-network: Layers format, a stack of Dense layers (modelTopology.ts), finite
 * weights of the length its manifest needs, `inputs` inputs and `actions` outputs. Throws a
 * ModelFileError that says what was wrong; nothing is kept on failure.
 */
export async function readModelFiles(
  jsonText: string,
  weights: ArrayBuffer,
  expect: { inputs: number; actions: number },
): Promise<CheckedModel> {
  if (jsonText.length > MAX_MODEL_JSON_BYTES) {
    throw new ModelFileError(
      `the model description is ${jsonText.length} bytes; at most ${MAX_MODEL_JSON_BYTES}`,
    );
  }
  let json: ModelJson;
  try {
    json = JSON.parse(jsonText) as ModelJson;
  } catch {
    throw new ModelFileError('the model description is not JSON');
  }
  const manifest = json?.weightsManifest;
  if (
    json?.format !== 'layers-model' ||
    typeof json.modelTopology !== 'object' ||
    json.modelTopology === null ||
    !Array.isArray(manifest) ||
    !manifest.every((g) => Array.isArray(g?.weights))
  ) {
    throw new ModelFileError(
      'not a TensorFlow.js Layers model (it needs format "layers-model", a topology and a weights manifest)',
    );
  }
  const checked = checkDenseTopology(
    json.modelTopology,
    (manifest as { weights: unknown[] }[]).flatMap((g) => g.weights),
  );
  if (checked.inputs !== expect.inputs || checked.outputs !== expect.actions) {
    throw new ModelFileError(
      `the network maps ${checked.inputs} inputs to ${checked.outputs} outputs; LunarLander needs ${expect.inputs} → ${expect.actions}`,
    );
  }
  const expected = checked.bytes;
  if (weights.byteLength !== expected) {
    throw new ModelFileError(
      `the weights file holds ${weights.byteLength} bytes where the model needs ${expected}` +
        (weights.byteLength < expected ? ' (truncated, or the weights of another model?)' : ''),
    );
  }
  // A diverged run's weights would fly nowhere and poison any training that continued from them.
  if (!new Float32Array(weights).every(Number.isFinite)) {
    throw new ModelFileError('the weights hold NaN or infinite values (saved from a diverged run?)');
  }
  let model: tf.LayersModel;
  try {
    model = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: checked.topology,
        weightSpecs: checked.weightSpecs,
        weightData: weights,
      }),
    );
  } catch (e) {
    throw new ModelFileError(`TensorFlow.js cannot build this model: ${(e as Error).message}`);
  }
  const metadata = json.userDefinedMetadata;
  return {
    model,
    metadata: typeof metadata === 'object' && metadata !== null ? (metadata as Record<string, unknown>) : {},
  };
}
