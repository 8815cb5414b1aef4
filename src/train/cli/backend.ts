/** tfjs backends for Node: wasm (SIMD, the fast one here) or cpu. tfjs-node is deliberately not used. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';

export const NODE_BACKENDS = ['wasm', 'cpu'] as const;
export type NodeBackend = (typeof NODE_BACKENDS)[number];

export async function selectBackend(name: string): Promise<NodeBackend> {
  if (!(NODE_BACKENDS as readonly string[]).includes(name)) {
    throw new Error(`--backend must be one of ${NODE_BACKENDS.join(', ')}; got “${name}”`);
  }
  // Production mode: no debug checks, and no advice to install tfjs-node printed into the output.
  tf.env().set('PROD', true);
  if (!(await tf.setBackend(name))) throw new Error(`the ${name} backend could not start`);
  await tf.ready();
  return name as NodeBackend;
}
