/**
 * Keras's HDF5 model file (`model.save('x.h5')`), both ways, as the course lab's TensorFlow Keras 2.2.4-tf
 * writes it: root attributes `backend`, `keras_version` and `model_config` (the Sequential model as JSON
 * text); a group `model_weights` with `backend`, `keras_version` and `layer_names` (fixed-length byte
 * strings); per layer a group with `weight_names` and the datasets `<layer>/kernel:0` (float32
 * [inputs, units], row-major) and `<layer>/bias:0`. Nothing for training (no `training_config`, no
 * optimizer weights), as the lab saves an uncompiled network.
 *
 * Both ways go through the Layers files of modelFormat.ts: a Keras file is read into the Layers JSON and
 * weights that readModelFiles then checks like any other, and written from them, so every check and every
 * consumer of a model stays one. The weights pass through as float32 bits, unchanged.
 */
import { readHdf5, writeHdf5 } from './hdf5';
import type { Hdf5File } from './hdf5';
import type { ModelFiles } from './modelFormat';
import { MAX_KERAS_FILE_BYTES, MAX_MODEL_JSON_BYTES } from './modelLimits';
import { checkDenseLayers, ModelFileError } from './modelTopology';
import type { DenseLayers } from './modelTopology';

export const KERAS_VERSION = '2.2.4-tf';
/**
 * This lab's own metadata (the run's settings, which model, its evaluation), as JSON text in one more root
 * attribute: Keras reads only the attributes it knows, so the file opens there as before.
 */
export const METADATA_ATTRIBUTE = 'lander_lab_metadata';

const fail = (why: string) => new ModelFileError(why);

/** A name or value from a file, fit for a message: printable, short, quoted. */
export function quoted(text: unknown): string {
  const s = String(text)
    .replace(/[^\x20-\x7e]/g, '?')
    .slice(0, 40);
  return `“${s}”`;
}

/** Python's json.dumps layout (", " and ": "), as Keras writes model_config. */
export function pythonJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${pythonJson(v)}`);
    return `{${entries.join(', ')}}`;
  }
  return JSON.stringify(value);
}

/** The Keras layer names a fresh session gives a Sequential stack: dense, dense_1, dense_2, … */
const kerasName = (i: number) => (i === 0 ? 'dense' : `dense_${i}`);

/** model_config as Keras 2.2.4-tf writes it for this stack (the first layer carries the input shape). */
export function kerasModelConfig(stack: DenseLayers): string {
  const layers = stack.layers.map((layer, i) => ({
    class_name: 'Dense',
    config: {
      name: kerasName(i),
      trainable: true,
      dtype: 'float32',
      units: layer.units,
      activation: layer.activation,
      use_bias: layer.useBias,
      kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
      bias_initializer: { class_name: 'Zeros', config: {} },
      kernel_regularizer: null,
      bias_regularizer: null,
      activity_regularizer: null,
      kernel_constraint: null,
      bias_constraint: null,
      ...(i === 0 ? { batch_input_shape: [null, stack.inputs] } : {}),
    },
  }));
  return pythonJson({ class_name: 'Sequential', config: { name: 'sequential', layers } });
}

/** A model's Layers files as a Keras HDF5 file in the course's layout, with the metadata beside it. */
export async function kerasH5FromLayers(files: ModelFiles): Promise<Uint8Array> {
  const json = JSON.parse(files.json) as { modelTopology?: unknown; userDefinedMetadata?: unknown };
  const stack = checkDenseLayers(json.modelTopology);
  const weights = new Float32Array(files.weights);
  const needed = stack.weightSpecs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
  if (weights.length !== needed) {
    throw new Error(`${weights.length} weights do not fill the model's ${needed}`);
  }
  const metadata = json.userDefinedMetadata;
  const names = stack.layers.map((_, i) => kerasName(i));
  const fixed = (list: string[]) => `A${Math.max(...list.map((s) => s.length))}`;
  return writeHdf5(
    (file) => {
      // The types of the course's file: UTF-8 variable-length text at the root, ASCII in model_weights.
      file.create_attribute('backend', 'tensorflow', null, 'S');
      file.create_attribute('keras_version', KERAS_VERSION, null, 'S');
      file.create_attribute('model_config', kerasModelConfig(stack), null, 'A');
      if (metadata !== undefined) {
        file.create_attribute(METADATA_ATTRIBUTE, JSON.stringify(metadata), null, 'S');
      }
      const root = file.create_group('model_weights');
      root.create_attribute('backend', 'tensorflow', null, 'A');
      root.create_attribute('keras_version', KERAS_VERSION, null, 'A');
      root.create_attribute('layer_names', names, [names.length], fixed(names));
      let at = 0;
      let spec = 0;
      stack.layers.forEach((layer, i) => {
        const name = names[i];
        const parts = layer.useBias ? ['kernel', 'bias'] : ['kernel'];
        const weightNames = parts.map((p) => `${name}/${p}:0`);
        const group = root.create_group(name);
        group.create_attribute('weight_names', weightNames, [weightNames.length], fixed(weightNames));
        const inner = group.create_group(name);
        for (const part of parts) {
          const shape = stack.weightSpecs[spec++].shape;
          const size = shape.reduce((a, b) => a * b, 1);
          inner.create_dataset({
            name: `${part}:0`,
            data: weights.slice(at, at + size),
            shape,
            dtype: '<f',
          });
          at += size;
        }
      });
    },
    // The oldest object formats, readable by the HDF5 1.8 and 1.10 of Keras 2's h5py (the course's file
    // is 'earliest' too).
    { libver: ['earliest', 'v108'] },
  );
}

/** A string attribute's text, or null when there is none (or it is not text). */
function text(object: { attrs: Record<string, { value: unknown }> }, name: string): string | null {
  const attr = object.attrs[name];
  if (!attr) return null;
  const value = attr.value;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  return null;
}

/** A list-of-strings attribute (layer_names, weight_names), or null when there is none. */
function textList(object: { attrs: Record<string, { value: unknown }> }, name: string): string[] | null {
  const attr = object.attrs[name];
  if (!attr) return null;
  const value = attr.value;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value as string[];
  return null;
}

export interface RawDense {
  class_name?: unknown;
  config?: Record<string, unknown> | null;
  build_config?: { input_shape?: unknown } | null;
}

/** The second entry of [null, n]: a batch input shape's size. */
const sizeOf = (shape: unknown) =>
  Array.isArray(shape) && shape.length === 2 && shape[0] === null ? shape[1] : undefined;

/**
 * The Dense layers of a Keras model_config, as the Layers topology readModelFiles checks, and the input
 * size it declares (from an InputLayer, `batch_input_shape`, `batch_shape` or `build_config`), if any.
 */
export function denseLayersOf(configText: string): { layers: RawDense[]; inputs: unknown } {
  if (configText.length > MAX_MODEL_JSON_BYTES) {
    throw fail(`its model_config is ${configText.length} bytes; at most ${MAX_MODEL_JSON_BYTES}`);
  }
  let parsed: { class_name?: unknown; config?: { layers?: unknown } | null } | null;
  try {
    parsed = JSON.parse(configText) as typeof parsed;
  } catch {
    throw fail('its model_config is not JSON');
  }
  const kind = parsed?.class_name;
  if (kind !== 'Sequential') {
    throw fail(
      `its model is ${typeof kind === 'string' ? `a Keras ${quoted(kind)} model` : 'not described'}; ` +
        'only a Sequential stack of Dense layers is read',
    );
  }
  const raw = parsed?.config?.layers;
  if (!Array.isArray(raw)) throw fail('its model_config lists no layers');
  let inputs: unknown;
  const layers: RawDense[] = [];
  (raw as (RawDense | null)[]).forEach((layer, i) => {
    const kind = layer?.class_name;
    const c = layer?.config && typeof layer.config === 'object' ? layer.config : {};
    if (kind === 'InputLayer' && i === 0) {
      inputs = sizeOf(c.batch_input_shape) ?? sizeOf(c.batch_shape);
      return;
    }
    if (kind !== 'Dense') {
      throw fail(
        `layer ${i + 1} of its model is ${typeof kind === 'string' ? `a ${quoted(kind)} layer` : 'not a layer'}; ` +
          'only Dense layers (after an optional InputLayer) are read',
      );
    }
    if (layers.length === 0) {
      inputs ??=
        sizeOf(c.batch_input_shape) ?? sizeOf(c.batch_shape) ?? sizeOf(layer?.build_config?.input_shape);
    }
    layers.push({
      class_name: 'Dense',
      config: { name: c.name, units: c.units, activation: c.activation, use_bias: c.use_bias },
    });
  });
  return { layers, inputs };
}

interface WeightedLayer {
  name: string;
  group: Hdf5Group;
  weightNames: string[];
}
type Hdf5Group = ReturnType<Hdf5File['create_group']>;

/** What kind of HDF5 object `entity` is ('Group', 'Dataset', …), or undefined for none. */
export const kindOf = (entity: unknown) => (entity as { type?: unknown } | null)?.type;

/** The layers of `model_weights` that hold weights, in the order of its `layer_names`. */
function weightedLayers(file: Hdf5File): WeightedLayer[] {
  const root = file.get('model_weights');
  if (kindOf(root) !== 'Group') {
    throw fail('it has no model_weights group (is it a Keras model file?)');
  }
  const group = root as Hdf5Group;
  const names = textList(group, 'layer_names');
  if (!names) throw fail('its model_weights group has no layer_names');
  return names.flatMap((name) => {
    const layer = name.includes('/') || name === '' ? null : group.get(name);
    if (kindOf(layer) !== 'Group') throw fail(`model_weights has no group for its layer ${quoted(name)}`);
    const weightNames = textList(layer as Hdf5Group, 'weight_names');
    if (!weightNames) throw fail(`the layer ${quoted(name)} has no weight_names`);
    return weightNames.length ? [{ name, group: layer as Hdf5Group, weightNames }] : [];
  });
}

/** The weight of `layer` whose name ends in `part` (“dense/kernel:0”, or “kernel” without the “:0”). */
function weightName(layer: WeightedLayer, part: 'kernel' | 'bias'): string | undefined {
  const pattern = new RegExp(`(^|/)${part}(:\\d+)?$`);
  return layer.weightNames.find((n) => pattern.test(n));
}

/** Reads a Keras model file (HDF5) into the Layers files readModelFiles checks; a ModelFileError says why not. */
export async function layersFromKerasH5(data: ArrayBuffer | Uint8Array): Promise<ModelFiles> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.byteLength > MAX_KERAS_FILE_BYTES) {
    throw fail(`it is ${bytes.byteLength} bytes; a Keras model file is at most ${MAX_KERAS_FILE_BYTES}`);
  }
  return readHdf5(bytes, (file) => {
    const configText = text(file, 'model_config');
    if (configText === null) {
      throw fail('it has no model_config: not a whole Keras model (weights saved alone?)');
    }
    const { layers, inputs } = denseLayersOf(configText);
    const weighted = weightedLayers(file);
    if (weighted.length !== layers.length) {
      throw fail(
        `it holds weights for ${weighted.length} layers where its model has ${layers.length} Dense layers`,
      );
    }
    return denseModelFiles(
      layers,
      inputs,
      (i, part) => {
        const held = weighted[i];
        const expected = layers[i].config?.use_bias === false ? 1 : 2;
        if (held.weightNames.length !== expected) {
          throw fail(
            `the layer ${quoted(held.name)} holds ${held.weightNames.length} weights; ` +
              `a Dense layer ${expected === 2 ? 'has a kernel and a bias' : 'without bias has a kernel'}`,
          );
        }
        const name = weightName(held, part);
        return {
          where: `model_weights/${held.name}/${name ?? part}`,
          dataset: name ? held.group.get(name) : null,
        };
      },
      `Keras ${text(file, 'keras_version') ?? '(version not given)'}`,
      metadataOf(text(file, METADATA_ATTRIBUTE)),
    );
  });
}

/**
 * The Layers files of a Keras stack of Dense layers (from denseLayersOf) whose weights `find` locates in an
 * open HDF5 file: each checked for presence, float32, shape and length, with a sentence saying which failed.
 * `inputs` is the declared input size; without one, the first kernel's rows give it.
 */
export function denseModelFiles(
  layers: RawDense[],
  inputs: unknown,
  find: (layer: number, part: 'kernel' | 'bias') => { where: string; dataset: unknown },
  generatedBy: string,
  metadata: Record<string, unknown>,
): ModelFiles {
  if (layers.length) {
    const first = layers.length ? find(0, 'kernel').dataset : null;
    const rows = kindOf(first) === 'Dataset' ? (first as { shape: number[] | null }).shape?.[0] : undefined;
    layers[0].config!.batch_input_shape = [null, inputs ?? rows];
  }
  const topology = { class_name: 'Sequential', config: { name: 'sequential', layers } };
  const stack = checkDenseLayers(topology);
  const parts: Float32Array[] = [];
  let spec = 0;
  stack.layers.forEach((layer, i) => {
    const wanted: ('kernel' | 'bias')[] = layer.useBias ? ['kernel', 'bias'] : ['kernel'];
    for (const part of wanted) {
      const { where, dataset } = find(i, part);
      if (kindOf(dataset) !== 'Dataset') throw fail(`its dataset ${quoted(where)} is missing`);
      const ds = dataset as { dtype: unknown; shape: number[] | null; value: unknown };
      if (ds.dtype !== '<f') {
        throw fail(`its dataset ${quoted(where)} is not float32 (it is ${quoted(JSON.stringify(ds.dtype))})`);
      }
      const shape = stack.weightSpecs[spec++].shape;
      if (JSON.stringify(ds.shape) !== JSON.stringify(shape)) {
        throw fail(
          `its dataset ${quoted(where)} has shape [${ds.shape ?? ''}] where layer ${i + 1} needs [${shape}]`,
        );
      }
      const values = ds.value;
      const size = shape.reduce((a, b) => a * b, 1);
      if (!(values instanceof Float32Array) || values.length !== size) {
        throw fail(`its dataset ${quoted(where)} cannot be read as ${size} float32 values`);
      }
      parts.push(values);
    }
  });
  const weights = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    weights.set(p, at);
    at += p.length;
  }
  return {
    json: JSON.stringify({
      format: 'layers-model',
      generatedBy: generatedBy.slice(0, 80),
      convertedBy: 'Lander Lab',
      modelTopology: topology,
      weightsManifest: [{ paths: ['weights.bin'], weights: stack.weightSpecs }],
      userDefinedMetadata: metadata,
    }),
    weights: weights.buffer,
  };
}

/** This lab's metadata from its attribute; a file without it (or with it unreadable) carries none. */
export function metadataOf(json: string | null): Record<string, unknown> {
  if (json === null || json.length > MAX_MODEL_JSON_BYTES) return {};
  try {
    const value = JSON.parse(json) as unknown;
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : {};
  } catch {
    return {};
  }
}
