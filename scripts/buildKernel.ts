/**
 * Compiles the learning kernel (src/agent/engines/kernel/assembly/update.ts) into its three builds in
 * src/agent/engines/kernel/build/. The .wasm files are committed, so that the page, the command line and the tests
 * need no compile step; tests/agent/engines/kernelBuild.test.ts fails when they no longer match the source.
 *
 *   npm run build:kernel
 */
import asc from 'assemblyscript/asc';
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { KERNEL_BUILDS } from '../src/agent/engines/kernel/kernelModule';
import type { KernelBuild } from '../src/agent/engines/kernel/kernelModule';
import { kernelFile } from '../src/agent/engines/kernel/nodeKernel';

const SOURCE = fileURLToPath(new URL('../src/agent/engines/kernel/assembly/update.ts', import.meta.url));

const FEATURES: Record<KernelBuild, string[]> = {
  relaxed: ['--enable', 'simd', '--enable', 'relaxed-simd'],
  simd: ['--enable', 'simd'],
  scalar: [],
};

/** The bytes of one build, compiled in memory. */
export async function compileKernel(build: KernelBuild): Promise<Uint8Array> {
  let binary: Uint8Array | null = null;
  const { error, stderr } = await asc.main(
    [SOURCE, '-O3', '--noAssert', '--runtime', 'stub', ...FEATURES[build], '-o', 'kernel.wasm'],
    {
      writeFile: (name, contents) => {
        if (name.endsWith('.wasm')) binary = contents as Uint8Array;
      },
    },
  );
  if (error || !binary) throw new Error(`the ${build} kernel did not compile: ${error?.message}\n${stderr}`);
  return binary;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const build of KERNEL_BUILDS) {
    const bytes = await compileKernel(build);
    await writeFile(kernelFile(build), bytes);
    console.log(`${fileURLToPath(kernelFile(build))}: ${bytes.length} bytes`);
  }
}
