/**
 * The step profile in headless Chromium's worker: this file bundles bench/profileWorker.ts with esbuild,
 * serves it on loopback from a cross-origin-isolated page (so the worker's clock is fine-grained: 5 µs
 * with jitter rather than 100 µs), and returns the profile the worker measured.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { kernelFile } from '../src/agent/engines/kernel/nodeKernel';
import { launchBrowser } from '../tests/e2e/browser';
import type { StepProfile } from './stepProfile';

const PAGE = `<!doctype html><meta charset="utf-8"><title>step profile</title><script type="module">
const worker = new Worker('./worker.js', { type: 'module' });
const kernel = await (await fetch('./simd.wasm')).arrayBuffer();
worker.onmessage = (e) => { window.profileResult = e.data; };
worker.onerror = (e) => { window.profileResult = { error: e.message }; };
worker.postMessage({ kernel, episodes: EPISODES }, [kernel]);
</script>`;

export async function browserProfile(episodes: number): Promise<{ profile: StepProfile; isolated: boolean }> {
  const bundle = await build({
    entryPoints: [new URL('./profileWorker.ts', import.meta.url).pathname],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'error',
  });
  const files: Record<string, [string, Buffer | string]> = {
    '/': ['text/html', PAGE.replace('EPISODES', String(episodes))],
    '/worker.js': ['text/javascript', Buffer.from(bundle.outputFiles[0].contents)],
    '/simd.wasm': ['application/wasm', readFileSync(kernelFile('simd'))],
  };
  const server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    res.writeHead(file ? 200 : 404, {
      'Content-Type': file?.[0] ?? 'text/plain',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
    });
    res.end(file?.[1] ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const handle = await page.waitForFunction(
      () => (window as { profileResult?: unknown }).profileResult,
      null,
      {
        timeout: 0,
        polling: 500,
      },
    );
    const result = (await handle.jsonValue()) as {
      profile?: StepProfile;
      isolated?: boolean;
      error?: string;
    };
    if (!result.profile) throw new Error(`the worker's profile failed: ${result.error}`);
    return { profile: result.profile, isolated: result.isolated ?? false };
  } finally {
    await browser.close();
    server.close();
  }
}
