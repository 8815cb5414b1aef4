/**
 * The model files of agent/modelFormat.ts on disk: `model.json` and `weights.bin` in one folder, and beside
 * them the same network as `model.onnx` (agent/model/onnxFormat.ts) and as the Keras file `model.h5`
 * (agent/model/kerasH5.ts); a model is read back from model.json, a Keras .h5 or .keras.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { layersFromKerasArchive } from '../../agent/model/kerasArchive';
import { kerasH5FromLayers, layersFromKerasH5 } from '../../agent/model/kerasH5';
import { MAX_KERAS_FILE_BYTES, MAX_MODEL_JSON_BYTES, MAX_WEIGHTS_BYTES } from '../../agent/model/modelLimits';
import { modelFiles, readModelFiles } from '../../agent/model/modelFormat';
import type { CheckedModel, ModelFiles } from '../../agent/model/modelFormat';
import { importQNetwork } from '../../agent/model/modelImport';
import type { ImportedQNetwork } from '../../agent/model/modelImport';
import { onnxModel } from '../../agent/model/onnxFormat';
import type { ExportedNetwork } from '../runs/exportedNetwork';

/** The weights file's name in a model folder (its model.json's manifest names it). */
export const WEIGHTS_FILE = 'weights.bin';

export async function saveModel(
  model: tf.LayersModel,
  dir: string,
  metadata: Record<string, unknown>,
): Promise<string> {
  return saveModelFiles(await modelFiles(model, WEIGHTS_FILE, metadata), dir);
}

/**
 * Writes model files whose manifest names WEIGHTS_FILE into `dir`, and the same model as `model.h5`;
 * returns the model.json path.
 */
export async function saveModelFiles(files: ModelFiles, dir: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'model.json'), files.json);
  await writeFile(join(dir, WEIGHTS_FILE), new Uint8Array(files.weights));
  await writeFile(join(dir, KERAS_FILE), await kerasH5FromLayers(files));
  return join(dir, 'model.json');
}

/** The ONNX file's name in a model folder, beside model.json. */
export const ONNX_FILE = 'model.onnx';

/** Writes `network` as `model.onnx` into `dir`, its metadata and `extra` in the file; returns its path. */
export async function saveOnnx(
  network: ExportedNetwork,
  dir: string,
  extra: Record<string, unknown>,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, ONNX_FILE);
  await writeFile(
    path,
    onnxModel(network.shape, network.weights, { metadata: { ...network.metadata, ...extra } }),
  );
  return path;
}

/** The Keras HDF5 file beside model.json in a model folder. */
export const KERAS_FILE = 'model.h5';

const isKeras = (path: string) => /\.(h5|keras)$/i.test(path);

/** Loads and checks a saved Q-network (model.json, a Keras .h5 or .keras); errors name the file and why. */
export async function loadModel(
  path: string,
  expect: { inputs: number; actions: number },
): Promise<CheckedModel> {
  const files = await readModelFolder(path);
  try {
    return await readModelFiles(files.json, files.weights, expect);
  } catch (e) {
    throw new Error(`${basename(path)}: ${(e as Error).message}`);
  }
}

/**
 * Loads a saved Q-network as the trainer can start from it: two hidden ReLU layers and a linear output
 * (agent/model/modelImport.ts), flat weights and all. The caller disposes the model.
 */
export async function loadQNetwork(
  path: string,
  expect: { inputs: number; actions: number },
): Promise<ImportedQNetwork> {
  const files = await readModelFolder(path);
  try {
    return await importQNetwork(files.json, files.weights, expect);
  } catch (e) {
    throw new Error(`${basename(path)}: ${(e as Error).message}`);
  }
}

/** The Layers files of a model on disk: model.json and the weights its manifest names, or a Keras file. */
async function readModelFolder(path: string): Promise<ModelFiles> {
  const fail = (why: string) => new Error(`${basename(path)}: ${why}`);
  if (isKeras(path)) {
    const size = (await stat(path)).size;
    if (size > MAX_KERAS_FILE_BYTES) throw fail(`${size} bytes is too large for a Keras model file`);
    try {
      const bytes = await readFile(path);
      return await (/\.keras$/i.test(path) ? layersFromKerasArchive(bytes) : layersFromKerasH5(bytes));
    } catch (e) {
      throw fail((e as Error).message);
    }
  }
  const modelJsonPath = path;
  const size = (await stat(modelJsonPath)).size;
  if (size > MAX_MODEL_JSON_BYTES) throw fail(`${size} bytes is too large for a model description`);
  const text = await readFile(modelJsonPath, 'utf8');
  let paths: string[] = [];
  try {
    const manifest = (JSON.parse(text) as { weightsManifest?: { paths?: string[] }[] }).weightsManifest;
    paths = Array.isArray(manifest) ? manifest.flatMap((g) => g?.paths ?? []) : [];
  } catch {
    // readModelFiles names the problem.
  }
  const buffers: Uint8Array[] = [];
  for (const p of paths) {
    const file = join(dirname(modelJsonPath), basename(String(p)));
    const bytes = await stat(file).then(
      (s) => s.size,
      () => {
        throw fail(`its weights file ${basename(String(p))} is missing`);
      },
    );
    if (bytes > MAX_WEIGHTS_BYTES)
      throw fail(`its weights file is ${bytes} bytes; at most ${MAX_WEIGHTS_BYTES}`);
    buffers.push(await readFile(file));
  }
  const joined = new Uint8Array(buffers.reduce((n, b) => n + b.byteLength, 0));
  let at = 0;
  for (const b of buffers) {
    joined.set(b, at);
    at += b.byteLength;
  }
  return { json: text, weights: joined.buffer };
}
