/**
 * A model file read back as a Q-network this lab can fly and train: on top of readModelFiles's checks
 * (modelFormat.ts), two hidden Dense layers and the relu, relu, linear activations that PlainForward and
 * every engine compute, so that a network they would compute differently is refused rather than misread.
 */
import { readModelFiles } from './modelFormat';
import type { CheckedModel } from './modelFormat';
import { ModelFileError } from './modelTopology';
import type { NetworkShape } from '../networkShape';

export interface ImportedQNetwork extends CheckedModel {
  shape: NetworkShape;
}

/**
 * Reads and checks the two files of a saved Q-network with `expect.inputs` inputs and `expect.actions`
 * outputs. The caller owns the returned model (dispose it); a ModelFileError says what was wrong, and
 * nothing is kept on failure.
 */
export async function importQNetwork(
  json: string,
  weights: ArrayBuffer,
  expect: { inputs: number; actions: number },
): Promise<ImportedQNetwork> {
  const { model, metadata } = await readModelFiles(json, weights, expect);
  try {
    const shape = qNetworkShape(model.getWeights().map((w) => w.shape));
    const activations = model.layers.map((l) => String(l.getConfig().activation));
    if (activations.join() !== 'relu,relu,linear') {
      throw new ModelFileError(
        `the layers' activations are ${activations.join(', ')}; a Q-network here has relu, relu, linear`,
      );
    }
    return { model, metadata, shape };
  } catch (e) {
    model.dispose();
    throw e;
  }
}

/** The layer sizes of a 2-hidden-layer Q-network from its weight shapes, or a ModelFileError saying why not. */
export function qNetworkShape(shapes: number[][]): NetworkShape {
  const [k1, b1, k2, b2, k3, b3] = shapes;
  const ok =
    shapes.length === 6 &&
    k1.length === 2 &&
    k2.length === 2 &&
    k3.length === 2 &&
    b1[0] === k1[1] &&
    k2[0] === k1[1] &&
    b2[0] === k2[1] &&
    k3[0] === k2[1] &&
    b3[0] === k3[1];
  if (!ok) {
    throw new ModelFileError(
      `not a Q-network of two hidden Dense layers (weight shapes ${shapes.map((s) => `[${s}]`).join(' ')})`,
    );
  }
  return { inputs: k1[0], hidden1: k1[1], hidden2: k2[1], actions: k3[1] };
}
