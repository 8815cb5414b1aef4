/**
 * Where the worker gets its WebAssembly: tfjs's wasm backend and the learning kernel's builds, both served
 * by the app itself so that no request leaves the page's origin, and the tfjs settings the worker runs
 * with. Importing this module sets them.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmSimdUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.wasm?url';
import wasmUrl from '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm.wasm?url';
import { loadKernel } from '../../agent/engines/kernel/kernelModule';
import type { KernelBuild, LoadedKernel } from '../../agent/engines/kernel/kernelModule';
import kernelRelaxedUrl from '../../agent/engines/kernel/build/relaxed.wasm?url';
import kernelScalarUrl from '../../agent/engines/kernel/build/scalar.wasm?url';
import kernelSimdUrl from '../../agent/engines/kernel/build/simd.wasm?url';
import type { EngineHost } from './engineChoice';

// tfjs wants all three named, but the threaded build is switched off below (it fails after minification
// and gave no speed-up at this size).
setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmUrl,
  'tfjs-backend-wasm-simd.wasm': wasmSimdUrl,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedUrl,
});
tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
// Software WebGL (no GPU) is allowed, so that 'webgl' can be chosen anywhere; 'auto' times it first.
tf.env().set('SOFTWARE_WEBGL_ENABLED', true);
tf.env().set('PROD', true);

const KERNEL_URLS: Record<KernelBuild, string> = {
  relaxed: kernelRelaxedUrl,
  simd: kernelSimdUrl,
  scalar: kernelScalarUrl,
};
let kernel: Promise<LoadedKernel> | null = null;

/** Engine choice's host in the worker: the kernel is fetched from the app's origin, once. */
export const workerEngineHost: EngineHost = {
  loadKernel: () =>
    (kernel ??= loadKernel(async (build) => {
      const response = await fetch(KERNEL_URLS[build]);
      if (!response.ok) throw new Error(`the ${build} kernel could not be fetched (HTTP ${response.status})`);
      return response.arrayBuffer();
    })),
};
