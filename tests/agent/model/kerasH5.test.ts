/**
 * Keras HDF5 model files: the course's sample reads and gives its recorded Q-values; a model written here
 * has the sample's structure and reads back bit for bit; every other kind of file is refused with a
 * sentence naming what is wrong.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import {
  KERAS_VERSION,
  kerasH5FromLayers,
  layersFromKerasH5,
  METADATA_ATTRIBUTE,
} from '../../../src/agent/model/kerasH5';
import { modelFiles, ModelFileError } from '../../../src/agent/model/modelFormat';
import { buildQNetwork, PlainForward } from '../../../src/agent/qNetwork';
import { readLoadedModel, readLoadedSource } from '../../../src/train/host/loadedModel';
import {
  courseSpec,
  dense,
  denseWeights,
  kerasFile,
  rootText,
  SAMPLE,
  SAMPLE_Q,
  sequential,
  structureOf,
} from './kerasFiles';

/** Reads a Keras file as the page and the command line do: converted, checked, imported as a Q-network. */
async function load(bytes: Uint8Array) {
  const files = await layersFromKerasH5(bytes);
  return readLoadedModel(files.json, files.weights, 'x.h5');
}

async function refusal(bytes: Uint8Array): Promise<string> {
  try {
    await load(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(ModelFileError);
    return (e as Error).message;
  }
  throw new Error('the file was accepted');
}

describe('the course-layout sample', () => {
  it('reads as an 8-64-64-4 Q-network whose Q-values match the recorded float32 ones within 1e-6', async () => {
    const model = await load(SAMPLE);
    expect(model.shape).toEqual({ inputs: 8, hidden1: 64, hidden2: 64, actions: 4 });
    expect(model.episodes).toBeNull();
    expect(SAMPLE_Q.states).toHaveLength(16);
    SAMPLE_Q.states.forEach((state, i) => {
      const q = Array.from(model.policy.forward(state));
      q.forEach((v, j) => {
        // Relative to the value's size: float32 sums in another order differ in the last bits.
        const expected = SAMPLE_Q.q[i][j];
        expect(Math.abs(v - expected), `state ${i}, action ${j}`).toBeLessThanOrEqual(
          1e-6 * Math.max(1, Math.abs(expected)),
        );
      });
    });
  });

  it('is read through the same source the worker is handed', async () => {
    const model = await readLoadedSource({ format: 'keras-h5', bytes: SAMPLE.slice().buffer }, 'sample.h5');
    expect(model.name).toBe('sample.h5');
    expect(model.shape.hidden1).toBe(64);
  });
});

describe('a model written as Keras .h5', () => {
  it('has the sample’s structure (paths, attributes, dtypes, shapes) and model_config, plus its metadata', async () => {
    const model = buildQNetwork({ inputs: 8, hidden1: 64, hidden2: 64, actions: 4 }, 5);
    const files = await modelFiles(model, 'w.bin', { which: 'latest', episodes: 7 });
    model.dispose();
    const written = await kerasH5FromLayers(files);
    const ours = await structureOf(written);
    const sample = await structureOf(SAMPLE);
    const metadataLine = ours.find((l) => l.startsWith(`/ @${METADATA_ATTRIBUTE} `));
    expect(metadataLine).toBeDefined();
    expect(ours.filter((l) => l !== metadataLine)).toEqual(sample);
    expect(sample).toContain('/model_weights @layer_names "A7" [[3]]');
    expect(sample).toContain('/model_weights/dense_1/dense_1/kernel:0 Dataset <f [64,64]');
    expect(await rootText(written, 'model_config')).toBe(await rootText(SAMPLE, 'model_config'));
    expect(await rootText(written, 'keras_version')).toBe(KERAS_VERSION);
    expect(await rootText(written, 'backend')).toBe('tensorflow');
  });

  it('reads back bit for bit, with its metadata, for every hidden size the table allows', async () => {
    for (const [hidden1, hidden2] of [
      [4, 4],
      [64, 64],
      [7, 33],
      [512, 512],
    ]) {
      const shape = { inputs: 8, hidden1, hidden2, actions: 4 };
      const model = buildQNetwork(shape, hidden1 + hidden2);
      const files = await modelFiles(model, 'w.bin', {
        which: 'best',
        episodes: 12,
        config: { gamma: 0.99 },
      });
      model.dispose();
      const back = await layersFromKerasH5(await kerasH5FromLayers(files));
      expect(new Uint8Array(back.weights)).toEqual(new Uint8Array(files.weights));
      const loaded = await readLoadedModel(back.json, back.weights, 'x.h5');
      expect(loaded.shape).toEqual(shape);
      expect(loaded.episodes).toBe(12);
      expect(JSON.parse(back.json).userDefinedMetadata).toEqual(JSON.parse(files.json).userDefinedMetadata);
      // The same network flies: bit-identical Q-values from the Layers files and from the .h5.
      const direct = new PlainForward(shape);
      direct.loadFlat(new Float32Array(files.weights));
      const state = [0.1, -0.4, 0.3, 0.2, -0.05, 0.7, 1, 0];
      expect(Array.from(loaded.policy.forward(state))).toEqual(Array.from(direct.forward(state)));
    }
  });

  it('leaves no tensor behind', async () => {
    const before = tf.memory().numTensors;
    await load(SAMPLE);
    await refusal(await kerasFile({ ...courseSpec(), config: sequential([dense('d', 4, 'tanh', 8)]) }));
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('files from other Keras versions', () => {
  it('load with an InputLayer, Keras 3’s batch_shape, other layer names and weight names without “:0”', async () => {
    const config = sequential([
      { class_name: 'InputLayer', config: { batch_shape: [null, 8], dtype: 'float32', name: 'input_layer' } },
      dense('dense_3', 16, 'relu'),
      dense('dense_4', 12, 'relu'),
      dense('dense_5', 4, 'linear'),
    ]);
    const layers = [
      denseWeights('dense_3', 8, 16, 1),
      denseWeights('dense_4', 16, 12, 2),
      denseWeights('dense_5', 12, 4, 3),
    ].map((l) => ({ ...l, weightNames: l.datasets.map((d) => d.name.replace(':0', '')) }));
    for (const l of layers) for (const d of l.datasets) d.name = d.name.replace(':0', '');
    const model = await load(await kerasFile({ config, layers }));
    expect(model.shape).toEqual({ inputs: 8, hidden1: 16, hidden2: 12, actions: 4 });
  });

  it('load without an input shape in the config: the first kernel gives it', async () => {
    const spec = courseSpec();
    spec.config = sequential([
      dense('dense', 16, 'relu'),
      dense('dense_1', 12, 'relu'),
      dense('dense_2', 4, 'linear'),
    ]);
    expect((await load(await kerasFile(spec))).shape.hidden1).toBe(16);
  });
});

describe('a file that is not a Q-network this lab flies', () => {
  it('is refused, naming what is wrong', async () => {
    const cases: [string, Promise<Uint8Array> | Uint8Array, RegExp][] = [
      ['text', new TextEncoder().encode('{"format": "layers-model"}'), /not an HDF5 file/],
      ['empty', new Uint8Array(0), /not an HDF5 file/],
      ['truncated', SAMPLE.slice(0, 2000), /HDF5 cannot (open|read)/],
      ['cut in its global heap', SAMPLE.slice(0, 3000), /the file is cut short/],
      ['no model_config', kerasFile({ ...courseSpec(), config: null }), /has no model_config/],
      [
        'config not JSON',
        kerasFile({ ...courseSpec(), config: '{"class_name": ' }),
        /model_config is not JSON/,
      ],
      [
        'functional',
        kerasFile({
          ...courseSpec(),
          config: JSON.stringify({ class_name: 'Functional', config: { layers: [] } }),
        }),
        /a Keras “Functional” model; only a Sequential stack of Dense layers/,
      ],
      [
        'another layer type',
        kerasFile({
          ...courseSpec(),
          config: sequential([
            dense('dense', 16, 'relu', 8),
            { class_name: 'Dropout', config: { rate: 0.5 } },
          ]),
        }),
        /layer 2 of its model is a “Dropout” layer; only Dense layers/,
      ],
      [
        'another activation',
        kerasFile({
          ...courseSpec(),
          config: sequential([
            dense('dense', 16, 'tanh', 8),
            dense('dense_1', 12, 'relu'),
            dense('dense_2', 4, 'linear'),
          ]),
        }),
        /activations are tanh, relu, linear; a Q-network here has relu, relu, linear/,
      ],
      [
        'six inputs',
        kerasFile({
          config: sequential([
            dense('dense', 16, 'relu', 6),
            dense('dense_1', 12, 'relu'),
            dense('dense_2', 4, 'linear'),
          ]),
          layers: [
            denseWeights('dense', 6, 16, 1),
            denseWeights('dense_1', 16, 12, 2),
            denseWeights('dense_2', 12, 4, 3),
          ],
        }),
        /maps 6 inputs to 4 outputs; LunarLander needs 8 → 4/,
      ],
      [
        'two outputs',
        kerasFile({
          config: sequential([
            dense('dense', 16, 'relu', 8),
            dense('dense_1', 12, 'relu'),
            dense('dense_2', 2, 'linear'),
          ]),
          layers: [
            denseWeights('dense', 8, 16, 1),
            denseWeights('dense_1', 16, 12, 2),
            denseWeights('dense_2', 12, 2, 3),
          ],
        }),
        /maps 8 inputs to 2 outputs/,
      ],
      [
        'three hidden layers',
        kerasFile({
          config: sequential([
            dense('dense', 16, 'relu', 8),
            dense('dense_1', 12, 'relu'),
            dense('dense_2', 12, 'relu'),
            dense('dense_3', 4, 'linear'),
          ]),
          layers: [
            denseWeights('dense', 8, 16, 1),
            denseWeights('dense_1', 16, 12, 2),
            denseWeights('dense_2', 12, 12, 3),
            denseWeights('dense_3', 12, 4, 4),
          ],
        }),
        /not a Q-network of two hidden Dense layers/,
      ],
      [
        'a missing dataset',
        (() => {
          const spec = courseSpec();
          spec.layers[1].datasets.pop();
          spec.layers[1].weightNames = ['dense_1/kernel:0', 'dense_1/bias:0'];
          return kerasFile(spec);
        })(),
        /its dataset “model_weights\/dense_1\/dense_1\/bias:0” is missing/,
      ],
      [
        'a misshaped kernel',
        (() => {
          const spec = courseSpec();
          spec.layers[1].datasets[0] = {
            name: 'dense_1/kernel:0',
            data: new Float32Array(12 * 16),
            shape: [12, 16],
          };
          return kerasFile(spec);
        })(),
        /“model_weights\/dense_1\/dense_1\/kernel:0” has shape \[12,16\] where layer 2 needs \[16,12\]/,
      ],
      [
        'a float64 kernel',
        (() => {
          const spec = courseSpec();
          spec.layers[0].datasets[0] = {
            name: 'dense/kernel:0',
            data: new Float64Array(8 * 16),
            shape: [8, 16],
            dtype: '<d',
          };
          return kerasFile(spec);
        })(),
        /“model_weights\/dense\/dense\/kernel:0” is not float32/,
      ],
      [
        'weights for fewer layers',
        (() => {
          const spec = courseSpec();
          spec.layers.pop();
          return kerasFile(spec);
        })(),
        /holds weights for 2 layers where its model has 3 Dense layers/,
      ],
      [
        'a layer group missing',
        (() => {
          const spec = courseSpec();
          spec.layerNames = ['dense', 'dense_1', 'dense_9'];
          return kerasFile(spec);
        })(),
        /model_weights has no group for its layer “dense_9”/,
      ],
      [
        // A global heap object's size changed (byte 3560 of the sample): HDF5 itself would loop forever.
        'a global heap HDF5 would hang on',
        (() => {
          const bytes = SAMPLE.slice();
          bytes[3560] = 181;
          return bytes;
        })(),
        /global heap that cannot be read/,
      ],
      [
        'NaN weights',
        (() => {
          const spec = courseSpec();
          spec.layers[2].datasets[1].data[0] = NaN;
          return kerasFile(spec);
        })(),
        /NaN or infinite/,
      ],
    ];
    for (const [what, file, why] of cases) {
      expect(await refusal(await file), what).toMatch(why);
    }
  });
});

/** An extra check where Python's h5py is installed (it need not be): HDF5's own C library reads our file. */
const hasH5py = spawnSync('python3', ['-c', 'import h5py'], { stdio: 'ignore' }).status === 0;

describe('a written file as h5py reads it', () => {
  it.skipIf(!hasH5py)(
    'has the layer names, weight names, model_config and float32 weights Keras reads',
    async () => {
      const model = buildQNetwork({ inputs: 8, hidden1: 24, hidden2: 12, actions: 4 }, 3);
      const files = await modelFiles(model, 'w.bin', {});
      model.dispose();
      const dir = mkdtempSync(join(tmpdir(), 'lander-h5py-'));
      try {
        const path = join(dir, 'lunar_lander_model.h5');
        writeFileSync(path, await kerasH5FromLayers(files));
        const script = `
import h5py, json, sys
f = h5py.File(sys.argv[1], 'r')
g = f['model_weights']
names = [n.decode('utf8') for n in g.attrs['layer_names']]
weights = []
for n in names:
    for w in g[n].attrs['weight_names']:
        d = g[n][w.decode('utf8')]
        assert d.dtype == 'float32', d.dtype
        weights += [float(x) for x in d[()].reshape(-1)]
config = json.loads(f.attrs['model_config'])
print(json.dumps({'names': names, 'version': f.attrs['keras_version'], 'backend': f.attrs['backend'],
    'layers': [l['class_name'] + ':' + str(l['config']['units']) for l in config['config']['layers']],
    'weights': weights}))
`;
        const out = JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' }));
        expect(out.names).toEqual(['dense', 'dense_1', 'dense_2']);
        expect(out.version).toBe('2.2.4-tf');
        expect(out.backend).toBe('tensorflow');
        expect(out.layers).toEqual(['Dense:24', 'Dense:12', 'Dense:4']);
        expect(out.weights).toEqual(Array.from(new Float32Array(files.weights)));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
