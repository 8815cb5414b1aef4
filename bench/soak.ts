/**
 * Endurance: trains at maximum speed for a while, in headless Chromium (the playground's worker) and then
 * in Node (the trainer), sampling the tfjs tensor count, the JS heap and steps per second. After warm-up
 * (the first tenth of the time) the tensor count must stay flat and the heap grow by under 10%.
 * Usage: npm run bench:soak -- --minutes 30 [--engine kernel|tfjs-wasm] [--only browser|node] [--json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { PRESETS } from '../src/config/presets';
import { selectEngine } from '../src/train/cli/engine';
import { Trainer } from '../src/train/loop/trainer';
import { launchBrowser, serveBuiltApp } from '../tests/e2e/browser';

const json = process.argv.includes('--json');
const minutesAt = process.argv.indexOf('--minutes');
const MINUTES = minutesAt > 0 ? Number(process.argv[minutesAt + 1]) : 30;
if (!(MINUTES > 0)) throw new Error('--minutes must be a positive number');
const SAMPLES = 20;
const engineAt = process.argv.indexOf('--engine');
const ENGINE = engineAt > 0 ? process.argv[engineAt + 1] : 'kernel';

interface Sample {
  minute: number;
  tensors: number;
  heapMB: number | null;
  stepsPerSecond: number;
  episodes: number;
}

function summary(samples: Sample[]) {
  const warm = samples.find((s) => s.minute >= MINUTES / 10) ?? samples[0];
  const end = samples[samples.length - 1];
  return {
    warm,
    end,
    tensorsFlat: samples.filter((s) => s.minute >= warm.minute).every((s) => s.tensors === warm.tensors),
    heapGrowth: warm.heapMB && end.heapMB ? end.heapMB / warm.heapMB - 1 : null,
  };
}

function report(where: string, samples: Sample[]): void {
  if (json) return;
  const s = summary(samples);
  console.log(`${where}: ${samples.length} samples over ${MINUTES} min`);
  for (const x of samples) {
    console.log(
      `  ${x.minute.toFixed(1).padStart(5)} min  ${String(x.episodes).padStart(6)} episodes  ` +
        `${String(x.tensors).padStart(4)} tensors  heap ${x.heapMB?.toFixed(1) ?? '—'} MB  ${Math.round(x.stepsPerSecond)} steps/s`,
    );
  }
  console.log(
    `  after warm-up: tensors ${s.warm.tensors} → ${s.end.tensors} (${s.tensorsFlat ? 'flat' : 'NOT flat'}), ` +
      `heap ${s.heapGrowth === null ? '—' : `${(100 * s.heapGrowth).toFixed(1)}%`}, ` +
      `steps/s ${Math.round(s.warm.stepsPerSecond)} → ${Math.round(s.end.stepsPerSecond)}`,
  );
}

/**
 * The training worker's JS heap after a garbage collection, through the DevTools protocol (workers have
 * no performance.memory): attach to the worker target and ask it directly.
 */
async function workerHeap(browser: Browser): Promise<() => Promise<number>> {
  const cdp: CDPSession = await browser.newBrowserCDPSession();
  const { targetInfos } = await cdp.send('Target.getTargets');
  const worker = targetInfos.find((t) => t.type === 'worker');
  if (!worker) throw new Error('no worker target found');
  const { sessionId } = await cdp.send('Target.attachToTarget', {
    targetId: worker.targetId,
    flatten: false,
  });
  const pending = new Map<number, (result: { usedSize: number }) => void>();
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const message = JSON.parse(e.message) as { id?: number; result?: { usedSize: number } };
    if (message.id !== undefined) pending.get(message.id)?.(message.result!);
  });
  let id = 0;
  const call = (method: string) =>
    new Promise<{ usedSize: number }>((resolve) => {
      pending.set(++id, resolve);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method }) });
    });
  return async () => {
    await call('HeapProfiler.collectGarbage');
    return (await call('Runtime.getHeapUsage')).usedSize;
  };
}

async function browserSoak(): Promise<Sample[]> {
  const outDir = mkdtempSync(join(tmpdir(), 'lander-soak-'));
  const { url, server } = await serveBuiltApp(outDir);
  const browser = await launchBrowser();
  const page: Page = await browser.newPage();
  // An episode budget that 30 minutes cannot spend (the lab's 2000 go in about 5).
  await page.goto(`${url}?maxEpisodes=1000000&engine=${ENGINE}`);
  const status = (name: string) =>
    page
      .getByRole('region', { name: 'Training status' })
      .locator(`[data-field="${name}"]`)
      .textContent()
      .then(Number);
  const engine = page.getByRole('region', { name: 'Training status' }).locator('[data-field="engine"]');
  while (!/µs per update/.test((await engine.textContent()) ?? '')) await page.waitForTimeout(200);
  await page.getByLabel('Speed').selectOption({ label: 'Maximum' });
  await page.getByRole('button', { name: 'Start' }).click();
  const heap = await workerHeap(browser);
  const samples: Sample[] = [];
  const t0 = Date.now();
  let last = { t: t0, steps: 0 };
  for (let k = 1; k <= SAMPLES; k++) {
    await page.waitForTimeout(t0 + (k * MINUTES * 60_000) / SAMPLES - Date.now());
    const d = await page.evaluate(() =>
      (
        globalThis as unknown as {
          landerLabDrills: () => {
            diagnostics: () => Promise<{ numTensors: number; jsHeapBytes: number | null }>;
          };
        }
      )
        .landerLabDrills()
        .diagnostics(),
    );
    const steps = await status('envSteps');
    const now = Date.now();
    samples.push({
      minute: (now - t0) / 60_000,
      tensors: d.numTensors,
      heapMB: (await heap()) / 1e6,
      stepsPerSecond: ((steps - last.steps) * 1000) / (now - last.t),
      episodes: await status('episode'),
    });
    last = { t: now, steps };
  }
  await browser.close();
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
  return samples;
}

async function nodeSoak(): Promise<Sample[]> {
  const engine = await selectEngine(ENGINE, PRESETS.lab.config);
  const trainer = new Trainer({ ...PRESETS.lab.config, maxEpisodes: 1_000_000 }, { engine: engine.name });
  const samples: Sample[] = [];
  const t0 = performance.now();
  let last = { t: t0, steps: 0 };
  for (let k = 1; k <= SAMPLES; k++) {
    while (performance.now() < t0 + (k * MINUTES * 60_000) / SAMPLES) trainer.step();
    (globalThis as { gc?: () => void }).gc?.();
    const now = performance.now();
    samples.push({
      minute: (now - t0) / 60_000,
      tensors: tf.memory().numTensors,
      heapMB: process.memoryUsage().heapUsed / 1e6,
      stepsPerSecond: ((trainer.envSteps - last.steps) * 1000) / (now - last.t),
      episodes: trainer.episodes,
    });
    last = { t: now, steps: trainer.envSteps };
  }
  trainer.dispose();
  return samples;
}

const onlyAt = process.argv.indexOf('--only');
const only = onlyAt > 0 ? process.argv[onlyAt + 1] : null;
const results: Record<string, unknown> = { minutes: MINUTES };
if (only !== 'node') {
  const browser = await browserSoak();
  report('Chromium worker', browser);
  results.browser = summary(browser);
}
if (only !== 'browser') {
  const node = await nodeSoak();
  report('Node', node);
  results.node = summary(node);
}
if (json) console.log(JSON.stringify(results));
