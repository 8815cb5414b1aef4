/**
 * Keras 3's .keras files: a model written here is the zip Keras's saving_lib writes (metadata.json,
 * config.json, model.weights.h5 with layers/<name>/vars/<i>), reads back bit for bit with its metadata,
 * and files that are not a Q-network this lab flies are refused with a sentence saying why.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { writeHdf5 } from '../../../src/agent/model/hdf5';
import { kerasArchiveFromLayers, layersFromKerasArchive } from '../../../src/agent/model/kerasArchive';
import { modelFiles, ModelFileError } from '../../../src/agent/model/modelFormat';
import { buildQNetwork } from '../../../src/agent/qNetwork';
import { readLoadedModel, readLoadedSource } from '../../../src/train/host/loadedModel';
import { structureOf, values } from './kerasFiles';

async function filesOf(hidden1: number, hidden2: number, metadata: Record<string, unknown> = {}) {
  const model = buildQNetwork({ inputs: 8, hidden1, hidden2, actions: 4 }, hidden1 * 3 + hidden2);
  const files = await modelFiles(model, 'w.bin', metadata);
  model.dispose();
  return files;
}

async function refusal(bytes: Uint8Array): Promise<string> {
  try {
    const files = await layersFromKerasArchive(bytes);
    await readLoadedModel(files.json, files.weights, 'x.keras');
  } catch (e) {
    expect(e).toBeInstanceOf(ModelFileError);
    return (e as Error).message;
  }
  throw new Error('the file was accepted');
}

/** A .keras archive whose parts are given (bytes or text), as Keras or anyone may have zipped them. */
const archive = (parts: Record<string, Uint8Array | string>) =>
  zipSync(
    Object.fromEntries(Object.entries(parts).map(([k, v]) => [k, typeof v === 'string' ? strToU8(v) : v])),
  );

describe('a model written as .keras', () => {
  it('is the zip Keras 3 writes: stored metadata.json, config.json and model.weights.h5 in its layout', async () => {
    const files = await filesOf(64, 32, { which: 'latest' });
    const written = await kerasArchiveFromLayers(files, new Date(2026, 11, 5, 1, 2, 3));
    const parts = unzipSync(written);
    expect(Object.keys(parts)).toEqual(['metadata.json', 'config.json', 'model.weights.h5']);
    // Stored, as Python's zipfile writes by default: the local header's compression method is 0.
    expect(written[8] | (written[9] << 8)).toBe(0);
    expect(JSON.parse(strFromU8(parts['metadata.json']))).toEqual({
      keras_version: '3.6.0',
      date_saved: '2026-12-05@01:02:03',
      lander_lab: { which: 'latest' },
    });
    const config = JSON.parse(strFromU8(parts['config.json']));
    expect(config).toMatchObject({
      module: 'keras',
      class_name: 'Sequential',
      config: { name: 'sequential', build_input_shape: [null, 8] },
      build_config: { input_shape: [null, 8] },
    });
    const layers = config.config.layers as { class_name: string; config: Record<string, unknown> }[];
    expect(layers.map((l) => l.class_name)).toEqual(['InputLayer', 'Dense', 'Dense', 'Dense']);
    expect(layers[0].config).toMatchObject({ batch_shape: [null, 8], name: 'input_layer' });
    expect(layers.slice(1).map((l) => [l.config.name, l.config.units, l.config.activation])).toEqual([
      ['dense', 64, 'relu'],
      ['dense_1', 32, 'relu'],
      ['dense_2', 4, 'linear'],
    ]);
    expect(await structureOf(parts['model.weights.h5'])).toEqual([
      '/ Group',
      '/layers Group',
      '/layers/dense Group',
      '/layers/dense/vars Group',
      '/layers/dense/vars/0 Dataset <f [8,64]',
      '/layers/dense/vars/1 Dataset <f [64]',
      '/layers/dense_1 Group',
      '/layers/dense_1/vars Group',
      '/layers/dense_1/vars/0 Dataset <f [64,32]',
      '/layers/dense_1/vars/1 Dataset <f [32]',
      '/layers/dense_2 Group',
      '/layers/dense_2/vars Group',
      '/layers/dense_2/vars/0 Dataset <f [32,4]',
      '/layers/dense_2/vars/1 Dataset <f [4]',
      '/vars Group',
    ]);
  });

  it('reads back bit for bit, with its metadata, for every hidden size the table allows', async () => {
    for (const [hidden1, hidden2] of [
      [4, 4],
      [64, 64],
      [9, 31],
      [512, 512],
    ]) {
      const files = await filesOf(hidden1, hidden2, { episodes: 40, config: { gamma: 0.99 } });
      const written = await kerasArchiveFromLayers(files);
      const back = await readLoadedSource({ format: 'keras', bytes: written.slice().buffer }, 'm.keras');
      expect(back.shape).toEqual({ inputs: 8, hidden1, hidden2, actions: 4 });
      expect(new Uint8Array(back.weights.buffer)).toEqual(new Uint8Array(files.weights));
      expect(back.episodes).toBe(40);
    }
  });
});

/** model.weights.h5 for a Keras 3 Sequential 8-16-12-4, with `change` applied to its variable list. */
async function keras3Weights(
  change: (vars: { path: string; data: Float32Array; shape: number[] }[]) => void = () => {},
): Promise<Uint8Array> {
  const vars = [
    { path: 'layers/dense/vars/0', data: values(8 * 16, 1), shape: [8, 16] },
    { path: 'layers/dense/vars/1', data: values(16, 2), shape: [16] },
    { path: 'layers/dense_1/vars/0', data: values(16 * 12, 3), shape: [16, 12] },
    { path: 'layers/dense_1/vars/1', data: values(12, 4), shape: [12] },
    { path: 'layers/dense_2/vars/0', data: values(12 * 4, 5), shape: [12, 4] },
    { path: 'layers/dense_2/vars/1', data: values(4, 6), shape: [4] },
    // A compiled model's optimizer state, which is not read.
    { path: 'optimizer/vars/0', data: new Float32Array([7]), shape: [1] },
  ];
  change(vars);
  return writeHdf5((file) => {
    file.create_group('vars');
    for (const v of vars) {
      const parts = v.path.split('/');
      for (let i = 1; i < parts.length; i++) {
        const group = parts.slice(0, i).join('/');
        if (!file.get(group)) file.create_group(group);
      }
      file.create_dataset({ name: v.path, data: v.data, shape: v.shape, dtype: '<f' });
    }
  });
}

const dense = (name: string, units: number, activation: string) => ({
  module: 'keras.layers',
  class_name: 'Dense',
  config: { name, trainable: true, units, activation, use_bias: true },
  registered_name: null,
});

const keras3Config = (layers: object[]) =>
  JSON.stringify({
    module: 'keras',
    class_name: 'Sequential',
    config: {
      name: 'sequential',
      layers: [
        {
          module: 'keras.layers',
          class_name: 'InputLayer',
          config: { batch_shape: [null, 8], name: 'input' },
        },
        ...layers,
      ],
    },
  });

const COURSE = [dense('dense', 16, 'relu'), dense('dense_1', 12, 'relu'), dense('dense_2', 4, 'linear')];

describe('a .keras file from Keras', () => {
  it('loads, its optimizer state left aside', async () => {
    const bytes = archive({
      'metadata.json': '{"keras_version": "3.6.0", "date_saved": "2026-01-01@00:00:00"}',
      'config.json': keras3Config(COURSE),
      'model.weights.h5': await keras3Weights(),
    });
    const files = await layersFromKerasArchive(bytes);
    const model = await readLoadedModel(files.json, files.weights, 'x.keras');
    expect(model.shape).toEqual({ inputs: 8, hidden1: 16, hidden2: 12, actions: 4 });
    expect(Array.from(model.weights.subarray(0, 3))).toEqual(Array.from(values(3, 1)));
    expect(JSON.parse(files.json).generatedBy).toBe('Keras 3.6.0');
  });

  it('is refused, naming what is wrong, when it is not a Q-network this lab flies', async () => {
    const weights = await keras3Weights();
    const cases: [string, Uint8Array | Promise<Uint8Array>, RegExp][] = [
      ['not a zip', strToU8('these are my notes'), /not a readable zip archive/],
      ['no config', archive({ 'model.weights.h5': weights }), /has no config.json/],
      ['no weights', archive({ 'config.json': keras3Config(COURSE) }), /has no model.weights.h5/],
      [
        'config not JSON',
        archive({ 'config.json': '{', 'model.weights.h5': weights }),
        /config.json is not JSON/,
      ],
      [
        'a Conv2D layer',
        archive({
          'config.json': keras3Config([dense('dense', 16, 'relu'), { class_name: 'Conv2D', config: {} }]),
          'model.weights.h5': weights,
        }),
        /layer 3 of its model is a “Conv2D” layer/,
      ],
      [
        'a missing bias',
        (async () =>
          archive({
            'config.json': keras3Config(COURSE),
            'model.weights.h5': await keras3Weights((v) => v.splice(3, 1)),
          }))(),
        /“layers\/dense_1\/vars” holds 1 variables; a Dense layer has a kernel and a bias/,
      ],
      [
        'a misshaped kernel',
        (async () =>
          archive({
            'config.json': keras3Config(COURSE),
            'model.weights.h5': await keras3Weights((v) => {
              v[4] = { path: 'layers/dense_2/vars/0', data: values(12 * 3, 5), shape: [12, 3] };
            }),
          }))(),
        /“layers\/dense_2\/vars\/0” has shape \[12,3\] where layer 3 needs \[12,4\]/,
      ],
      [
        'a softmax output',
        archive({
          'config.json': keras3Config([COURSE[0], COURSE[1], dense('dense_2', 4, 'softmax')]),
          'model.weights.h5': weights,
        }),
        /activation must be one of|activations are relu, relu, softmax/,
      ],
    ];
    for (const [what, bytes, why] of cases) expect(await refusal(await bytes), what).toMatch(why);
  });
});

/** An extra check where Python's h5py is installed (it need not be): HDF5's own C library reads the weights. */
const hasH5py = spawnSync('python3', ['-c', 'import h5py'], { stdio: 'ignore' }).status === 0;

describe('a written .keras as Python reads it', () => {
  it.skipIf(!hasH5py)(
    'opens with zipfile and h5py, the Dense variables where Keras looks for them',
    async () => {
      const files = await filesOf(24, 12);
      const dir = mkdtempSync(join(tmpdir(), 'lander-keras3-'));
      try {
        const path = join(dir, 'model.keras');
        writeFileSync(path, await kerasArchiveFromLayers(files));
        const script = `
import h5py, io, json, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
f = h5py.File(io.BytesIO(z.read('model.weights.h5')), 'r')
weights = []
for name in ['dense', 'dense_1', 'dense_2']:
    for i in ['0', '1']:
        weights += [float(x) for x in f['layers'][name]['vars'][i][()].reshape(-1)]
print(json.dumps({'names': z.namelist(), 'config': json.loads(z.read('config.json'))['class_name'], 'weights': weights}))
`;
        const out = JSON.parse(execFileSync('python3', ['-c', script, path], { encoding: 'utf8' }));
        expect(out.names).toEqual(['metadata.json', 'config.json', 'model.weights.h5']);
        expect(out.config).toBe('Sequential');
        expect(out.weights).toEqual(Array.from(new Float32Array(files.weights)));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});
