/**
 * The Q-network: state → one Q-value per action, Dense(h1, ReLU) → Dense(h2, ReLU) → Dense(actions), with
 * Keras's default initialisation (Glorot-uniform kernels, zero biases), as a standard tfjs Layers model so a
 * saved model loads anywhere TensorFlow.js does.
 */
import * as tf from '@tensorflow/tfjs';
import type { Network, NetworkShape } from './networkShape';

/** `seed` makes the initial weights reproducible (each layer gets its own seed derived from it). */
export function buildQNetwork(shape: NetworkShape, seed: number): tf.Sequential {
  const dense = (units: number, activation: 'relu' | 'linear', layer: number, inputShape?: number[]) =>
    tf.layers.dense({
      units,
      activation,
      inputShape,
      kernelInitializer: tf.initializers.glorotUniform({ seed: seed * 7919 + layer }),
      biasInitializer: 'zeros',
    });
  return tf.sequential({
    layers: [
      dense(shape.hidden1, 'relu', 1, [shape.inputs]),
      dense(shape.hidden2, 'relu', 2),
      dense(shape.actions, 'linear', 3),
    ],
  });
}

/** Keras's initial weights for `seed`, as one flat array in the Layers order. */
export function initialWeights(shape: NetworkShape, seed: number): Float32Array {
  const model = buildQNetwork(shape, seed);
  const weights = flatWeights(model);
  model.dispose();
  return weights;
}

/** The weight shapes in the Layers order: [W1, b1, W2, b2, W3, b3]. */
export function layerShapes({ inputs, hidden1, hidden2, actions }: NetworkShape): number[][] {
  return [[inputs, hidden1], [hidden1], [hidden1, hidden2], [hidden2], [hidden2, actions], [actions]];
}

/** A model's weights as one flat array in the Layers order. */
export function flatWeights(model: tf.LayersModel): Float32Array {
  const parts = model.getWeights().map((w) => w.dataSync() as Float32Array);
  const flat = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    flat.set(p, at);
    at += p.length;
  }
  return flat;
}

/** Sets a model's weights from one flat array in the Layers order. */
export function setFlatWeights(model: tf.LayersModel, flat: Float32Array): void {
  let at = 0;
  const tensors = model.getWeights().map((w) => {
    const t = tf.tensor(flat.subarray(at, at + w.size), w.shape);
    at += w.size;
    return t;
  });
  model.setWeights(tensors);
  tf.dispose(tensors);
}

/**
 * The same network as plain Float32Arrays, for acting: one state through a 8-64-64-4 net is a few µs in
 * plain JS, against ~100 µs for a tfjs call and read-back.
 */
export class PlainForward {
  private readonly layers: DenseWeights[];
  /** The hidden layers' activations of the last `forward`. */
  readonly act1: Float32Array;
  readonly act2: Float32Array;
  readonly q: Float32Array;

  constructor(readonly shape: NetworkShape) {
    const sizes = [shape.inputs, shape.hidden1, shape.hidden2, shape.actions];
    this.layers = [0, 1, 2].map((l) => ({
      w: new Float32Array(sizes[l] * sizes[l + 1]),
      b: new Float32Array(sizes[l + 1]),
      rows: sizes[l],
      cols: sizes[l + 1],
    }));
    this.act1 = new Float32Array(shape.hidden1);
    this.act2 = new Float32Array(shape.hidden2);
    this.q = new Float32Array(shape.actions);
  }

  /**
   * Copies the model's current weights (kernels are [in, out], row-major). A copy, because on the cpu
   * backend `dataSync` hands out the backend's own storage.
   */
  load(model: tf.LayersModel): void {
    const weights = model.getWeights();
    this.layers.forEach((layer, l) => {
      layer.w.set(weights[2 * l].dataSync());
      layer.b.set(weights[2 * l + 1].dataSync());
    });
  }

  /** Copies weights from one flat array in the Layers order (kernel, bias, per layer). */
  loadFlat(params: Float32Array): void {
    let at = 0;
    for (const layer of this.layers) {
      layer.w.set(params.subarray(at, at + layer.w.length));
      at += layer.w.length;
      layer.b.set(params.subarray(at, at + layer.b.length));
      at += layer.b.length;
    }
  }

  /** Q-values of one state; the returned array is reused by the next call. */
  forward(state: ArrayLike<number>, offset = 0): Float32Array {
    dense(this.layers[0], state, offset, this.act1, true);
    dense(this.layers[1], this.act1, 0, this.act2, true);
    dense(this.layers[2], this.act2, 0, this.q, false);
    return this.q;
  }
}

interface DenseWeights {
  w: Float32Array;
  b: Float32Array;
  rows: number;
  cols: number;
}

function dense(
  layer: DenseWeights,
  input: ArrayLike<number>,
  offset: number,
  out: Float32Array,
  relu: boolean,
): void {
  const { w, b, rows, cols } = layer;
  out.set(b);
  for (let i = 0; i < rows; i++) {
    const x = input[offset + i];
    if (x === 0) continue;
    const row = i * cols;
    for (let j = 0; j < cols; j++) out[j] += x * w[row + j];
  }
  if (relu) for (let j = 0; j < cols; j++) if (out[j] < 0) out[j] = 0;
}

/**
 * Plain-JS copies of both networks, re-read from the flat weights only when used after a change: how the
 * tfjs engines act and answer forward passes without a tfjs call per state.
 */
export class PlainNetworks {
  private readonly nets: Record<Network, PlainForward>;
  private readonly stale: Record<Network, boolean> = { online: true, target: true };
  private last: PlainForward;
  private out = new Float32Array(0);

  constructor(
    shape: NetworkShape,
    private readonly read: (network: Network) => Float32Array,
  ) {
    this.nets = { online: new PlainForward(shape), target: new PlainForward(shape) };
    this.last = this.nets.online;
  }

  invalidate(network?: Network): void {
    if (network) this.stale[network] = true;
    else this.stale.online = this.stale.target = true;
  }

  forward(states: ArrayLike<number>, offset: number, count: number, network: Network): Float32Array {
    const net = this.nets[network];
    if (this.stale[network]) {
      net.loadFlat(this.read(network));
      this.stale[network] = false;
    }
    this.last = net;
    const { inputs, actions } = net.shape;
    if (count === 1) return net.forward(states, offset);
    if (this.out.length < count * actions) this.out = new Float32Array(count * actions);
    // Last to first, so that the hidden activations left behind are the first state's.
    for (let i = count - 1; i >= 0; i--) this.out.set(net.forward(states, offset + i * inputs), i * actions);
    return this.out.subarray(0, count * actions);
  }

  hidden(): { hidden1: Float32Array; hidden2: Float32Array } {
    return { hidden1: this.last.act1, hidden2: this.last.act2 };
  }
}

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
