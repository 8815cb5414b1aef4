/**
 * The e2e project's global setup: the app is built once per run and served on loopback for every browser
 * test, which reads the address with `inject('appUrl')` (tests/e2e/harness.ts). Every test opens its own
 * browser context or profile, so sharing one origin shares no storage between them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { serveBuiltApp } from './browser';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built app's address on 127.0.0.1, ending in a slash. */
    appUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const outDir = mkdtempSync(join(tmpdir(), 'lander-lab-dist-'));
  const remove = () => rmSync(outDir, { recursive: true, force: true });
  try {
    const { url, server } = await serveBuiltApp(outDir);
    project.provide('appUrl', url);
    return async () => {
      await server.close();
      remove();
    };
  } catch (e) {
    remove();
    throw e;
  }
}
