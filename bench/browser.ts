/**
 * The playground's speed in headless Chromium, against the same trainer in Node in the same run:
 * - env steps and updates per second at maximum speed, per engine (the first SPAN_S seconds of a lab run
 *   with seed 0, the same stretch of the same run as in Node on the kernel and on tfjs-wasm);
 * - the main thread's frame times while training at maximum speed (p50, p95);
 * - time from opening the page to the first training step (per engine; auto times every engine first);
 * - the page's own JavaScript, gzipped (the worker's chunk, with tfjs, is separate);
 * - where the loop's time per env step goes in Chromium's worker, part by part (stepProfile.ts, the same
 *   profile `npm run bench` takes in Node; --profile-only for it alone).
 * Usage: npm run bench:browser [-- --json] [-- --seconds N] [-- --profile-episodes N] [-- --profile-only]
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { PRESETS } from '../src/config/presets';
import { ENGINE_CHOICES } from '../src/agent/engines/engineTable';
import type { EngineName } from '../src/agent/engines/engineTable';
import { selectEngine } from '../src/train/cli/engine';
import { Trainer } from '../src/train/loop/trainer';
import { launchBrowser, serveBuiltApp } from '../tests/e2e/browser';
import { browserProfile } from './browserProfile';
import { profileTable } from './stepProfile';
import type { StepProfile } from './stepProfile';

const json = process.argv.includes('--json');
const secondsFlag = process.argv.indexOf('--seconds');
const SPAN_S = secondsFlag > 0 ? Number(process.argv[secondsFlag + 1]) : 10;
const profileFlag = process.argv.indexOf('--profile-episodes');
const PROFILE_EPISODES = profileFlag > 0 ? Number(process.argv[profileFlag + 1]) : 400;
if (!Number.isInteger(PROFILE_EPISODES) || PROFILE_EPISODES < 25)
  throw new Error(
    `--profile-episodes takes a whole number of episodes from 25 up, got ${process.argv[profileFlag + 1]}`,
  );
const percentile = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.floor(p * (xs.length - 1))];

function nodeRates(engine: EngineName): { envStepsPerSecond: number; updatesPerSecond: number } {
  const trainer = new Trainer({ ...PRESETS.lab.config, seed: 0 }, { engine });
  const t0 = performance.now();
  while (performance.now() - t0 < SPAN_S * 1000) trainer.step();
  const seconds = (performance.now() - t0) / 1000;
  const result = {
    envStepsPerSecond: trainer.envSteps / seconds,
    updatesPerSecond: trainer.agent.updates / seconds,
  };
  trainer.dispose();
  return result;
}

const field = (page: Page, name: string) =>
  page
    .getByRole('region', { name: 'Training status' })
    .locator(`[data-field="${name}"]`)
    .textContent()
    .then(Number);

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 120_000): Promise<void> {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function browserRun(url: string, engine: string) {
  const browser = await launchBrowser();
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  const opened = Date.now();
  await page.goto(`${url}?engine=${engine}`);
  const engineText = page.getByRole('region', { name: 'Training status' }).locator('[data-field="engine"]');
  await waitUntil(async () => /µs per update/.test((await engineText.textContent()) ?? ''));
  const chosen = (await engineText.textContent())!;
  await page.getByLabel('Speed').selectOption({ label: 'Maximum' });
  await page.getByRole('button', { name: 'Start' }).click();
  await waitUntil(async () => (await field(page, 'envSteps')) > 0);
  const firstStepAt = Date.now();
  const firstStepMs = firstStepAt - opened;
  // Frame times on the main thread while the worker trains flat out.
  // As a string: tsx would wrap a named inner function in a helper the page does not have.
  await page.evaluate(`(() => {
    window.frameTimes = [];
    let last = performance.now();
    const tick = (now) => {
      window.frameTimes.push(now - last);
      last = now;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  })()`);
  await page.waitForTimeout(SPAN_S * 1000 - (Date.now() - firstStepAt));
  // Counts are from the run's first step; the status lags the worker by at most one report (50 ms).
  const envSteps = await field(page, 'envSteps');
  const updates = await field(page, 'updates');
  const seconds = (Date.now() - firstStepAt) / 1000;
  const frameTimes = await page.evaluate(() => (window as unknown as { frameTimes: number[] }).frameTimes);
  await browser.close();
  return {
    engine: chosen,
    firstStepMs,
    envStepsPerSecond: envSteps / seconds,
    updatesPerSecond: updates / seconds,
    frameMsP50: percentile(frameTimes.slice(5), 0.5),
    frameMsP95: percentile(frameTimes.slice(5), 0.95),
  };
}

if (process.argv.includes('--profile-only')) {
  const { profile, isolated } = await browserProfile(PROFILE_EPISODES);
  if (json) console.log(JSON.stringify({ profile, crossOriginIsolated: isolated }));
  else printProfile(profile, isolated);
} else {
  const outDir = mkdtempSync(join(tmpdir(), 'lander-bench-'));
  const { url, server } = await serveBuiltApp(outDir);
  // What the page loads when opened: the scripts index.html names (the workers' chunks, tfjs among them, and
  // the lesson's lazily loaded DQN are separate).
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const pageJs = [...html.matchAll(/(?:src|href)="\.\/assets\/([^"]+\.js)"/g)].map((m) => m[1]);
  const pageJsGzipBytes = pageJs.reduce(
    (n, f) => n + gzipSync(readFileSync(join(outDir, 'assets', f))).length,
    0,
  );

  const run = { hidden1: 64, hidden2: 64, batchSize: 64 };
  await selectEngine('kernel', run);
  const kernel = nodeRates('kernel');
  // The tfjs engine on tfjs's wasm backend (the kernel leaves tfjs on cpu).
  await selectEngine('tfjs-wasm', run);
  const node = { kernel, 'tfjs-wasm': nodeRates('tfjs-wasm') };
  const results: Record<string, unknown> = {
    spanSeconds: SPAN_S,
    node: { kernel: roundAll(node.kernel), 'tfjs-wasm': roundAll(node['tfjs-wasm']) },
    pageJsGzipBytes,
  };
  for (const engine of ENGINE_CHOICES) {
    const r = await browserRun(url, engine);
    // Each against Node on the same engine (the tfjs ones against tfjs-wasm, Node's only fast tfjs backend).
    const same = r.engine.startsWith('kernel') ? node.kernel : node['tfjs-wasm'];
    results[engine] = roundAll({
      ...r,
      envStepsVsNode: r.envStepsPerSecond / same.envStepsPerSecond,
      updatesVsNode: r.updatesPerSecond / same.updatesPerSecond,
    });
    if (!json) {
      console.log(
        `${engine.padEnd(10)} ${r.engine.padEnd(30)} ${Math.round(r.envStepsPerSecond)} env steps/s, ` +
          `${Math.round(r.updatesPerSecond)} updates/s (${(r.envStepsPerSecond / same.envStepsPerSecond).toFixed(2)}× Node on ` +
          `${same === node.kernel ? 'kernel' : 'tfjs-wasm'}); frames p50 ${r.frameMsP50.toFixed(1)} ms, ` +
          `p95 ${r.frameMsP95.toFixed(1)} ms; first step after ${r.firstStepMs} ms`,
      );
    }
  }
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
  const { profile, isolated } = await browserProfile(PROFILE_EPISODES);
  results.profile = profile;
  if (json) console.log(JSON.stringify(results));
  else {
    for (const [name, n] of Object.entries(node)) {
      console.log(
        `Node ${name}, same span of the same run: ${Math.round(n.envStepsPerSecond)} env steps/s, ${Math.round(n.updatesPerSecond)} updates/s`,
      );
    }
    console.log(
      `page JavaScript as opened (without the workers): ${(pageJsGzipBytes / 1024).toFixed(1)} KiB gzipped`,
    );
    printProfile(profile, isolated);
  }
}

function printProfile(profile: StepProfile, isolated: boolean): void {
  console.log(`In Chromium's worker${isolated ? '' : ' (not cross-origin isolated: a coarse clock)'}:`);
  for (const line of profileTable(profile)) console.log(line);
}

function roundAll<T extends object>(o: T): T {
  return Object.fromEntries(
    Object.entries(o).map(([k, v]) => [k, typeof v === 'number' ? Number(v.toFixed(v < 10 ? 3 : 0)) : v]),
  ) as T;
}
