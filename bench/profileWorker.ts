/**
 * The step profile (stepProfile.ts) in Chromium's worker: bench/browserProfile.ts bundles this file, serves
 * it to a page, and hands it the kernel's bytes; it posts the profile back.
 */
import * as tf from '@tensorflow/tfjs';
import { loadKernel } from '../src/agent/engines/kernel/kernelModule';
import { profileLab } from './stepProfile';

self.onmessage = async (e: MessageEvent<{ kernel: ArrayBuffer; episodes: number }>) => {
  try {
    // The weights' initialisers are tfjs's; the kernel learns without it.
    await tf.setBackend('cpu');
    await loadKernel(async () => e.data.kernel, ['simd']);
    self.postMessage({ profile: profileLab(e.data.episodes), isolated: self.crossOriginIsolated });
  } catch (error) {
    self.postMessage({ error: String(error) });
  }
};
