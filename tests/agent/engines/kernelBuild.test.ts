/** The committed kernel builds are what the AssemblyScript source compiles to (else: npm run build:kernel). */
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { KERNEL_BUILDS } from '../../../src/agent/engines/kernel/kernelModule';
import { kernelFile } from '../../../src/agent/engines/kernel/nodeKernel';
import { compileKernel } from '../../../scripts/buildKernel';

describe('the committed kernel builds', () => {
  it.each(KERNEL_BUILDS)(
    '%s.wasm is up to date with src/agent/engines/kernel/assembly (npm run build:kernel)',
    async (build) => {
      const committed = new Uint8Array(await readFile(kernelFile(build)));
      const fresh = await compileKernel(build);
      expect(Buffer.compare(Buffer.from(fresh), Buffer.from(committed))).toBe(0);
    },
  );
});
