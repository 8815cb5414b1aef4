/** The kernel in Node (command line, tests, benchmarks): the compiled builds are read from disk. */
import { readFile } from 'node:fs/promises';
import { DEFAULT_BUILDS, loadKernel } from './kernelModule';
import type { KernelBuild, LoadedKernel } from './kernelModule';

export function kernelFile(build: KernelBuild): URL {
  return new URL(`./build/${build}.wasm`, import.meta.url);
}

export function loadKernelFromDisk(builds: readonly KernelBuild[] = DEFAULT_BUILDS): Promise<LoadedKernel> {
  return loadKernel((build) => readFile(kernelFile(build)), builds);
}
