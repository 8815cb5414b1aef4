/** Starting one of Node's tfjs backends (nodeEngines.ts): wasm (SIMD, the fast one here) or cpu. */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { NODE_BACKENDS } from './nodeEngines';
import type { NodeBackend } from './nodeEngines';

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
