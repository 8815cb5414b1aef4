/** The learning engine on the command line: --engine auto|kernel|tfjs-wasm|tfjs-cpu (no WebGL in Node). */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { loadKernelFromDisk } from '../../agent/engines/kernel/nodeKernel';
import { chooseEngine } from '../host/engineChoice';
import type { RunShape } from '../host/engineChoice';
import { ENGINE_CHOICES } from '../host/protocol';
import type { EngineChoice, EngineReport } from '../host/protocol';

export async function selectEngine(name: string, run: RunShape): Promise<EngineReport> {
  if (!(ENGINE_CHOICES as readonly string[]).includes(name)) {
    throw new Error(`--engine must be one of ${ENGINE_CHOICES.join(', ')}; got “${name}”`);
  }
  // Production mode: no debug checks, and no advice to install tfjs-node printed into the output.
  tf.env().set('PROD', true);
  return chooseEngine(name as EngineChoice, run, {
    loadKernel: () => loadKernelFromDisk(),
    candidates: ['kernel', 'tfjs-wasm'],
  });
}
