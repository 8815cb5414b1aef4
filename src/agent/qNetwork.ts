/**
 * The Q-network: state → one Q-value per action, Dense(h1, ReLU) → Dense(h2, ReLU) → Dense(actions), with
 * Keras's default initialisation (Glorot-uniform kernels, zero biases), as a standard tfjs Layers model so a
 * saved model loads anywhere TensorFlow.js does.
 */
import * as tf from '@tensorflow/tfjs';
import { foldDueling, outputUnits, plainShape } from './networkShape';
import type { Network, NetworkShape } from './networkShape';
import { PlainForward } from './plainForward';

// The plain-JS forward pass lives apart, free of TensorFlow.js, so that the page can fly a network too.
export { argmax, PlainForward } from './plainForward';

/**
 * `seed` makes the initial weights reproducible (each layer gets its own seed derived from it). A dueling
 * shape gets its unfolded last layer (one more unit, V).
 */
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
      dense(outputUnits(shape), 'linear', 3),
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
export function layerShapes(shape: NetworkShape): number[][] {
  const { inputs, hidden1, hidden2 } = shape;
  const out = outputUnits(shape);
  return [[inputs, hidden1], [hidden1], [hidden1, hidden2], [hidden2], [hidden2, out], [out]];
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
 * Plain-JS copies of both networks, re-read from the flat weights only when used after a change: how the
 * tfjs engines act and answer forward passes without a tfjs call per state. A dueling head is folded in.
 */
export class PlainNetworks {
  private readonly nets: Record<Network, PlainForward>;
  private readonly stale: Record<Network, boolean> = { online: true, target: true };
  private last: PlainForward;
  private out = new Float32Array(0);

  constructor(
    shape: NetworkShape,
    private read: (network: Network) => Float32Array,
  ) {
    const plain = plainShape(shape);
    this.nets = { online: new PlainForward(plain), target: new PlainForward(plain) };
    if (shape.dueling) {
      const raw = this.read;
      this.read = (network) => foldDueling(shape, raw(network));
    }
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
