/**
 * Keras HDF5 files made to order for the tests: the course's layout by default, with any part changed,
 * left out or added (another layer type, a missing dataset, a float64 kernel…), written with h5wasm itself;
 * and a walk over a file's structure (every path, attribute, dtype and shape) to compare two files.
 */
import { readFileSync } from 'node:fs';
import { readHdf5, writeHdf5 } from '../../../src/agent/model/hdf5';
import type { Hdf5File } from '../../../src/agent/model/hdf5';

export const SAMPLE = new Uint8Array(readFileSync('tests/fixtures/keras/sample_course_layout.h5'));
export const SAMPLE_Q = JSON.parse(
  readFileSync('tests/fixtures/keras/sample_course_layout.q.json', 'utf8'),
) as {
  states: number[][];
  q: number[][];
};

export interface KerasDataset {
  name: string;
  data: Float32Array | Float64Array;
  shape: number[];
  dtype?: '<f' | '<d';
}

export interface KerasLayer {
  name: string;
  /** The weight_names attribute; by default the datasets' names. */
  weightNames?: string[];
  datasets: KerasDataset[];
}

export interface KerasFileSpec {
  /** The model_config text; null leaves the attribute out. */
  config: string | null;
  layers: KerasLayer[];
  /** layer_names; by default the layers' names. */
  layerNames?: string[];
}

/** A Dense layer's config as Keras 2 writes it. */
export function dense(name: string, units: number, activation: string, inputs?: number): object {
  return {
    class_name: 'Dense',
    config: {
      name,
      trainable: true,
      dtype: 'float32',
      units,
      activation,
      use_bias: true,
      ...(inputs !== undefined ? { batch_input_shape: [null, inputs] } : {}),
    },
  };
}

export const sequential = (layers: object[]) =>
  JSON.stringify({ class_name: 'Sequential', config: { name: 'sequential', layers } });

/** Deterministic small weights: no two the same, none zero. */
export function values(n: number, seed: number): Float32Array {
  return Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 1000 + i + 1) * 0.5);
}

/** The datasets of a Dense layer `name` of [inputs, units]: `name/kernel:0` and `name/bias:0`. */
export function denseWeights(name: string, inputs: number, units: number, seed: number): KerasLayer {
  return {
    name,
    datasets: [
      { name: `${name}/kernel:0`, data: values(inputs * units, seed), shape: [inputs, units] },
      { name: `${name}/bias:0`, data: values(units, seed + 0.5), shape: [units] },
    ],
  };
}

/** The course's 8-h1-h2-4 network as a spec, to change a part of. */
export function courseSpec(hidden1 = 16, hidden2 = 12): KerasFileSpec {
  return {
    config: sequential([
      dense('dense', hidden1, 'relu', 8),
      dense('dense_1', hidden2, 'relu'),
      dense('dense_2', 4, 'linear'),
    ]),
    layers: [
      denseWeights('dense', 8, hidden1, 1),
      denseWeights('dense_1', hidden1, hidden2, 2),
      denseWeights('dense_2', hidden2, 4, 3),
    ],
  };
}

const fixed = (list: string[]) => `A${Math.max(1, ...list.map((s) => s.length))}`;

/** The file `spec` describes, in the course's layout. */
export function kerasFile(spec: KerasFileSpec): Promise<Uint8Array> {
  return writeHdf5((file) => {
    file.create_attribute('backend', 'tensorflow', null, 'S');
    file.create_attribute('keras_version', '2.2.4-tf', null, 'S');
    if (spec.config !== null) file.create_attribute('model_config', spec.config, null, 'A');
    const root = file.create_group('model_weights');
    const names = spec.layerNames ?? spec.layers.map((l) => l.name);
    root.create_attribute('layer_names', names, [names.length], fixed(names));
    for (const layer of spec.layers) {
      const group = root.create_group(layer.name);
      const weightNames = layer.weightNames ?? layer.datasets.map((d) => d.name);
      group.create_attribute('weight_names', weightNames, [weightNames.length], fixed(weightNames));
      for (const d of layer.datasets) {
        const [parent, own] = d.name.split('/');
        if (!group.get(parent)) group.create_group(parent);
        (group.get(parent) as typeof group).create_dataset({
          name: own,
          data: d.data,
          shape: d.shape,
          dtype: d.dtype ?? '<f',
        });
      }
    }
  });
}

/** Every path of a file with its kind, and every attribute with its dtype and shape, sorted. */
export function structureOf(bytes: Uint8Array): Promise<string[]> {
  return readHdf5(bytes, (file: Hdf5File) => {
    const lines: string[] = [];
    const walk = (object: unknown, path: string) => {
      const o = object as {
        type: string;
        attrs: Record<string, { dtype: unknown; shape: unknown }>;
        keys?: () => string[];
        get?: (name: string) => unknown;
        dtype?: unknown;
        shape?: unknown;
      };
      lines.push(
        `${path} ${o.type}${o.type === 'Dataset' ? ` ${String(o.dtype)} [${String(o.shape)}]` : ''}`,
      );
      for (const [name, attr] of Object.entries(o.attrs)) {
        lines.push(`${path} @${name} ${JSON.stringify(attr.dtype)} [${JSON.stringify(attr.shape)}]`);
      }
      if (o.type === 'Group' && o.keys && o.get) {
        for (const key of o.keys()) walk(o.get(key), `${path === '/' ? '' : path}/${key}`);
      }
    };
    walk(file, '/');
    return lines.sort();
  });
}

/** The text of a root attribute. */
export function rootText(bytes: Uint8Array, name: string): Promise<unknown> {
  return readHdf5(bytes, (file) => file.attrs[name]?.value);
}
