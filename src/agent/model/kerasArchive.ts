/**
 * Keras 3's own model file, `.keras`, both ways: a zip of `config.json` (the model as
 * `serialize_keras_object` writes it), `metadata.json` (`keras_version`, `date_saved`) and
 * `model.weights.h5`, where each layer of a Sequential model keeps its variables under
 * `layers/<snake_case class name>[_n]/vars/<i>` (a Dense layer: `0` the kernel [inputs, units], `1` the
 * bias) and the model its own (none) under `vars`. As read in Keras's saving_lib.py (`_save_state`,
 * `_save_container_state`, `H5IOStore`, `H5Entry`), Sequential's `layers` (which leaves out the
 * InputLayer) and Dense's `save_own_variables`.
 *
 * Like the legacy .h5 (kerasH5.ts), it is read into, and written from, the Layers files every model check
 * reads. This lab's metadata rides in metadata.json under `lander_lab`, which Keras does not read.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { readHdf5, writeHdf5 } from './hdf5';
import { denseLayersOf, denseModelFiles, metadataOf, pythonJson, quoted } from './kerasH5';
import type { ModelFiles } from './modelFormat';
import { MAX_KERAS_FILE_BYTES, MAX_MODEL_JSON_BYTES } from './modelLimits';
import { checkDenseLayers, ModelFileError } from './modelTopology';

/** The Keras version whose layout this writes (the saving code read was Keras 3's). */
export const KERAS3_VERSION = '3.6.0';
const WEIGHTS = 'model.weights.h5';
const fail = (why: string) => new ModelFileError(why);

/** Where Keras 3 keeps the variables of the i-th Dense layer of a Sequential model. */
const layerPath = (i: number) => `layers/${i === 0 ? 'dense' : `dense_${i}`}/vars`;

const keras3 = (module: string, className: string, config: unknown) => ({
  module,
  class_name: className,
  config,
  registered_name: null,
});

/** config.json for a stack of Dense layers, as Keras 3 serialises a built Sequential model. */
function kerasConfig(stack: ReturnType<typeof checkDenseLayers>): string {
  const input = [null, stack.inputs];
  let fanIn = stack.inputs;
  const layers = [
    keras3('keras.layers', 'InputLayer', {
      batch_shape: input,
      dtype: 'float32',
      sparse: false,
      name: 'input_layer',
    }),
    ...stack.layers.map((layer, i) => {
      const built = { input_shape: [null, fanIn] };
      fanIn = layer.units;
      return {
        ...keras3('keras.layers', 'Dense', {
          name: i === 0 ? 'dense' : `dense_${i}`,
          trainable: true,
          dtype: 'float32',
          units: layer.units,
          activation: layer.activation,
          use_bias: layer.useBias,
          kernel_initializer: keras3('keras.initializers', 'GlorotUniform', { seed: null }),
          bias_initializer: keras3('keras.initializers', 'Zeros', {}),
          kernel_regularizer: null,
          bias_regularizer: null,
          kernel_constraint: null,
          bias_constraint: null,
        }),
        build_config: built,
      };
    }),
  ];
  return pythonJson({
    ...keras3('keras', 'Sequential', {
      name: 'sequential',
      trainable: true,
      dtype: 'float32',
      layers,
      build_input_shape: input,
    }),
    build_config: { input_shape: input },
  });
}

/** A model's Layers files as a Keras 3 `.keras` file. */
export async function kerasArchiveFromLayers(files: ModelFiles, date = new Date()): Promise<Uint8Array> {
  const json = JSON.parse(files.json) as { modelTopology?: unknown; userDefinedMetadata?: unknown };
  const stack = checkDenseLayers(json.modelTopology);
  const weights = new Float32Array(files.weights);
  const weightsFile = await writeHdf5(
    (file) => {
      file.create_group('vars');
      const root = file.create_group('layers');
      let at = 0;
      let spec = 0;
      stack.layers.forEach((layer, i) => {
        const vars = root.create_group(layerPath(i).split('/')[1]).create_group('vars');
        (layer.useBias ? ['0', '1'] : ['0']).forEach((name) => {
          const shape = stack.weightSpecs[spec++].shape;
          const size = shape.reduce((a, b) => a * b, 1);
          vars.create_dataset({ name, data: weights.slice(at, at + size), shape, dtype: '<f' });
          at += size;
        });
      });
      if (at !== weights.length) throw new Error(`${weights.length} weights do not fill the model's ${at}`);
    },
    { libver: ['earliest', 'v108'] },
  );
  const pad = (n: number) => String(n).padStart(2, '0');
  const saved =
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `@${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
  const metadata = {
    keras_version: KERAS3_VERSION,
    date_saved: saved,
    ...(json.userDefinedMetadata !== undefined ? { lander_lab: json.userDefinedMetadata } : {}),
  };
  // Stored, not deflated, as Python's zipfile writes it by default.
  return zipSync(
    {
      'metadata.json': strToU8(JSON.stringify(metadata)),
      'config.json': strToU8(kerasConfig(stack)),
      [WEIGHTS]: weightsFile,
    },
    { level: 0 },
  );
}

/** Reads a `.keras` file into the Layers files readModelFiles checks; a ModelFileError says why not. */
export async function layersFromKerasArchive(data: ArrayBuffer | Uint8Array): Promise<ModelFiles> {
  const bytes = data instanceof Uint8Array ? data : new Uint8Array(data);
  if (bytes.byteLength > MAX_KERAS_FILE_BYTES) {
    throw fail(`it is ${bytes.byteLength} bytes; a Keras model file is at most ${MAX_KERAS_FILE_BYTES}`);
  }
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      // Only what is read, and never more than a model file may hold (a zip can claim any size).
      filter: (f) =>
        ['config.json', 'metadata.json', WEIGHTS].includes(f.name) && f.originalSize <= MAX_KERAS_FILE_BYTES,
    });
  } catch {
    throw fail('it is not a readable zip archive (a .keras file is one)');
  }
  const configBytes = entries['config.json'];
  const weightsFile = entries[WEIGHTS];
  if (!configBytes) throw fail('its archive has no config.json: not a Keras model file');
  if (!weightsFile) throw fail(`its archive has no ${WEIGHTS} (Keras's other weight formats are not read)`);
  if (configBytes.length > MAX_MODEL_JSON_BYTES) {
    throw fail(`its config.json is ${configBytes.length} bytes; at most ${MAX_MODEL_JSON_BYTES}`);
  }
  const configText = strFromU8(configBytes);
  let parsed: { class_name?: unknown; config?: { build_input_shape?: unknown } | null } | null;
  try {
    parsed = JSON.parse(configText) as typeof parsed;
  } catch {
    throw fail('its config.json is not JSON');
  }
  // serialize_keras_object's envelope holds the Sequential's own config under "config", as the .h5 does.
  const { layers, inputs } = denseLayersOf(
    JSON.stringify({ class_name: parsed?.class_name, config: parsed?.config }),
  );
  const built = parsed?.config?.build_input_shape;
  const declared =
    inputs ?? (Array.isArray(built) && built.length === 2 && built[0] === null ? built[1] : undefined);
  const metadata = entries['metadata.json'];
  let own: Record<string, unknown> = {};
  let version = '(version not given)';
  if (metadata && metadata.length <= MAX_MODEL_JSON_BYTES) {
    const parsed = metadataOf(strFromU8(metadata));
    own = metadataOf(JSON.stringify(parsed.lander_lab ?? null));
    if (typeof parsed.keras_version === 'string') version = parsed.keras_version;
  }
  return readHdf5(weightsFile, (file) =>
    denseModelFiles(
      layers,
      declared,
      (i, part) => {
        const where = `${layerPath(i)}/${part === 'kernel' ? 0 : 1}`;
        const group = file.get(layerPath(i)) as { keys?: () => string[] } | null;
        const expected = layers[i].config?.use_bias === false ? 1 : 2;
        const held = group?.keys?.().length ?? 0;
        if (held && held !== expected) {
          throw fail(
            `its layer ${quoted(layerPath(i))} holds ${held} variables; ` +
              `a Dense layer ${expected === 2 ? 'has a kernel and a bias' : 'without bias has a kernel'}`,
          );
        }
        return { where, dataset: file.get(where) };
      },
      `Keras ${version}`,
      own,
    ),
  );
}
