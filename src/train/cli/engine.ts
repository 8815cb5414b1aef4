/** The learning engine on the command line: --engine, one of the table's choices (nodeEngines.ts). */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ENGINE_CHOICES } from '../../agent/engines/engineTable';
import type { EngineChoice } from '../../agent/engines/engineTable';
import { loadKernelFromDisk } from '../../agent/engines/kernel/nodeKernel';
import { chooseEngine } from '../host/engineChoice';
import type { RunShape } from '../host/engineChoice';
import type { EngineReport } from '../host/protocol';
import { NODE_AUTO_CANDIDATES } from './nodeEngines';

export async function selectEngine(name: string, run: RunShape): Promise<EngineReport> {
  if (!(ENGINE_CHOICES as readonly string[]).includes(name)) {
    throw new Error(`--engine must be one of ${ENGINE_CHOICES.join(', ')}; got “${name}”`);
  }
  // Production mode: no debug checks, and no advice to install tfjs-node printed into the output.
  tf.env().set('PROD', true);
  return chooseEngine(name as EngineChoice, run, {
    loadKernel: () => loadKernelFromDisk(),
    candidates: NODE_AUTO_CANDIDATES,
  });
}
