/**
 * Which compiled kernel runs, and loading it. The host fetches the bytes (Node reads build/ from disk, the
 * worker fetches them from the app's own origin); `WebAssembly.validate` tells whether this runtime can
 * run a build (SIMD, relaxed SIMD), and the first valid one in the order asked for is compiled once and
 * shared by every learner.
 */

/**
 * The compiled builds of the one kernel engine (the engine table has a single 'kernel'; which build it runs
 * is the loader's matter): 'relaxed' uses fused multiply-add (relaxed SIMD), 'simd' plain f32x4, 'scalar'
 * no SIMD at all.
 */
export const KERNEL_BUILDS = ['relaxed', 'simd', 'scalar'] as const;
export type KernelBuild = (typeof KERNEL_BUILDS)[number];

/**
 * The builds tried by default: plain SIMD first. Relaxed SIMD's fused multiply-add rounds differently,
 * and Node 20 runs it only behind a flag, so a run in the page and the same run on the command line would
 * part ways; it is there to choose, not the default.
 */
export const DEFAULT_BUILDS: readonly KernelBuild[] = ['simd', 'scalar'];

export interface LoadedKernel {
  build: KernelBuild;
  module: WebAssembly.Module;
}

let loaded: LoadedKernel | null = null;

/** Compiles the first build this runtime validates, and makes it the one new learners use. */
export async function loadKernel(
  bytesOf: (build: KernelBuild) => Promise<BufferSource>,
  builds: readonly KernelBuild[] = DEFAULT_BUILDS,
): Promise<LoadedKernel> {
  const refused: KernelBuild[] = [];
  for (const build of builds) {
    const bytes = await bytesOf(build);
    if (!WebAssembly.validate(bytes)) {
      refused.push(build);
      continue;
    }
    loaded = { build, module: await WebAssembly.compile(bytes) };
    return loaded;
  }
  throw new Error(
    `this runtime cannot run the learning kernel (it refused the ${refused.join(', ')} builds)`,
  );
}

export function loadedKernel(): LoadedKernel {
  if (!loaded) throw new Error('the learning kernel has not been loaded (call loadKernel first)');
  return loaded;
}
