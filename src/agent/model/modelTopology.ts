/**
 * The topology check behind loading a model file: a Sequential stack of Dense layers whose weights the
 * manifest lists in order with matching shapes. TensorFlow.js then builds a topology written here from
 * the checked fields only, never the file's own: a malformed or hostile file is refused with a reason
 * instead of failing inside TensorFlow.js (where it leaked tensors and spoke of its internals) or
 * allocating a layer of a billion units.
 */

/** Why a model file cannot be used: the one error reading a model throws. */
export class ModelFileError extends Error {
  override name = 'ModelFileError';
}

/** Far beyond the table's 512 units, and small enough that no check here can allocate much. */
export const MAX_UNITS = 4096;
export const MAX_LAYERS = 8;
const ACTIVATIONS = ['relu', 'linear', 'tanh', 'sigmoid', 'elu', 'selu', 'softplus', 'softsign', 'relu6'];
const NAME = /^[A-Za-z0-9_.-]{1,100}$/;

export interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
}

export interface CheckedTopology {
  /** A Sequential topology in TensorFlow.js's JSON form, from the checked fields alone. */
  topology: object;
  weightSpecs: WeightSpec[];
  /** Bytes of float32 weights the layers need. */
  bytes: number;
  inputs: number;
  outputs: number;
}

interface RawLayer {
  class_name?: unknown;
  config?: {
    units?: unknown;
    activation?: unknown;
    use_bias?: unknown;
    name?: unknown;
    batch_input_shape?: unknown;
  };
}

const isSize = (n: unknown): n is number =>
  Number.isInteger(n) && (n as number) >= 1 && (n as number) <= MAX_UNITS;
const fail = (why: string) => new ModelFileError(why);

/** A checked stack of Dense layers and the weights it needs, in order (kernel [in, units], then bias). */
export interface DenseLayers {
  layers: { units: number; activation: string; useBias: boolean; name: string }[];
  inputs: number;
  weightSpecs: WeightSpec[];
}

/** Checks that `rawTopology` is a Sequential stack of Dense layers; throws saying why not. */
export function checkDenseLayers(rawTopology: unknown): DenseLayers {
  const top = rawTopology as { class_name?: unknown; config?: { layers?: unknown } } | null;
  const layers = top?.config?.layers;
  if (top?.class_name !== 'Sequential' || !Array.isArray(layers)) {
    throw fail('its topology is not a Sequential model (a stack of Dense layers is expected)');
  }
  if (layers.length < 1 || layers.length > MAX_LAYERS) {
    throw fail(`it has ${layers.length} layers; between 1 and ${MAX_LAYERS} Dense layers are expected`);
  }
  const names = new Set<string>();
  const checked = (layers as (RawLayer | null)[]).map((layer, i) => {
    const c = layer?.config;
    const where = `layer ${i + 1}`;
    if (layer?.class_name !== 'Dense' || typeof c !== 'object' || c === null) {
      throw fail(`${where} is not a Dense layer (only Dense layers are read)`);
    }
    if (!isSize(c.units))
      throw fail(
        `${where} must have 1 to ${MAX_UNITS} units; got ${typeof c.units === 'number' ? c.units : `a ${typeof c.units}`}`,
      );
    if (typeof c.activation !== 'string' || !ACTIVATIONS.includes(c.activation)) {
      throw fail(`${where}'s activation must be one of ${ACTIVATIONS.join(', ')}`);
    }
    if (c.use_bias !== undefined && typeof c.use_bias !== 'boolean')
      throw fail(`${where}'s use_bias must be true or false`);
    if (typeof c.name !== 'string' || !NAME.test(c.name) || names.has(c.name)) {
      throw fail(`${where} needs a name of its own (letters, digits, _ . -)`);
    }
    names.add(c.name);
    return { units: c.units, activation: c.activation, useBias: c.use_bias !== false, name: c.name };
  });
  const shape = (layers[0] as RawLayer).config?.batch_input_shape;
  const inputs = Array.isArray(shape) && shape.length === 2 && shape[0] === null ? shape[1] : undefined;
  if (!isSize(inputs)) throw fail(`the first layer's input shape must be [null, 1 to ${MAX_UNITS}]`);

  const weightSpecs: WeightSpec[] = [];
  let fanIn = inputs;
  for (const layer of checked) {
    weightSpecs.push({ name: `${layer.name}/kernel`, shape: [fanIn, layer.units], dtype: 'float32' });
    if (layer.useBias)
      weightSpecs.push({ name: `${layer.name}/bias`, shape: [layer.units], dtype: 'float32' });
    fanIn = layer.units;
  }
  return { layers: checked, inputs, weightSpecs };
}

/** Checks `rawTopology` and the manifest's weight list `rawSpecs` against each other; throws saying why not. */
export function checkDenseTopology(rawTopology: unknown, rawSpecs: unknown[]): CheckedTopology {
  const { layers: checked, inputs, weightSpecs } = checkDenseLayers(rawTopology);
  const fanIn = checked.at(-1)!.units;
  const listed = weightSpecs.map((s) => `${s.name} [${s.shape}]`);
  const given = rawSpecs.map((s) => {
    const spec = s as { name?: unknown; shape?: unknown; dtype?: unknown; quantization?: unknown } | null;
    const ok = (spec?.dtype === undefined || spec.dtype === 'float32') && spec?.quantization === undefined;
    return ok && Array.isArray(spec?.shape) ? `${String(spec.name)} [${spec.shape}]` : 'not float32';
  });
  if (given.some((g) => g === 'not float32')) {
    throw fail('the weights manifest lists weights without a shape or not of type float32');
  }
  if (given.join() !== listed.join()) {
    throw fail(
      `the weights manifest does not match the layers: the layers need ${listed.join(', ').slice(0, 160)}`,
    );
  }
  const topology = {
    class_name: 'Sequential',
    config: {
      name: 'sequential',
      layers: checked.map((l, i) => ({
        class_name: 'Dense',
        config: {
          units: l.units,
          activation: l.activation,
          use_bias: l.useBias,
          name: l.name,
          trainable: true,
          dtype: 'float32',
          ...(i === 0 ? { batch_input_shape: [null, inputs] } : {}),
        },
      })),
    },
  };
  const bytes = 4 * weightSpecs.reduce((n, s) => n + s.shape.reduce((a, b) => a * b, 1), 0);
  return { topology, weightSpecs, bytes, inputs, outputs: fanIn };
}
