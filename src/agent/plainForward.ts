/**
 * A Q-network's forward pass in plain JavaScript, free of TensorFlow.js (only its types), so that the page
 * can fly a network without loading it: the worker's greedy flights, the command line's evaluation and the
 * flight page's shared model (ui/share) all act through it.
 */
import type { LayersModel } from '@tensorflow/tfjs';
import type { NetworkShape } from './networkShape';

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
  load(model: LayersModel): void {
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

export function argmax(values: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i] > values[best]) best = i;
  return best;
}
