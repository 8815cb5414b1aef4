/**
 * The README's pictures of the policy map and the Mars-rover lesson, from the built app in headless
 * Chromium: `npx tsx scripts/screenshots.ts [map|lesson|both] [seconds of training, default 25]`; and
 * `npx tsx scripts/screenshots.ts flight` trains until an evaluation lands (200 or more), records the best
 * model's flight with "Record flight" and keeps a still of the video (ffmpeg) as docs/recorded-flight.png.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser, serveBuiltApp } from '../tests/e2e/browser';

const which = process.argv[2] ?? 'both';
const seconds = Number(process.argv[3] ?? 25);

async function policyMap(browser: Browser, url: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1300, height: 1180 } });
  await page.goto(url);
  await page.getByText(/µs per update/).waitFor({ timeout: 90_000 });
  await page.getByLabel('Speed').selectOption({ label: 'Maximum' });
  await page.getByRole('button', { name: 'Start' }).click();
  await page.waitForTimeout(seconds * 1000);
  // At real time for a moment, so that the map follows one lander in flight.
  await page.getByLabel('Speed').selectOption({ label: 'Real time (50 steps/s)' });
  await page.waitForTimeout(2500);
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'docs/policy-map.png' });
  console.log('docs/policy-map.png');
  await page.close();
}

async function lesson(browser: Browser, url: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1100, height: 1000 } });
  await page.goto(`${url}?mode=learn`);
  await page.getByRole('button', { name: 'Learn it with a DQN' }).click();
  await page.locator('[data-field="worst-error"]').waitFor({ timeout: 60_000 });
  await page.waitForTimeout(8000);
  await page.screenshot({ path: 'docs/lesson.png', fullPage: true });
  console.log('docs/lesson.png');
  await page.close();
}

/** The best model's recorded flight from the first seed on which it lands; a still from its descent. */
async function recordedFlight(browser: Browser, url: string): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 }, acceptDownloads: true });
  await page.goto(url);
  await page.getByText(/µs per update/).waitFor({ timeout: 90_000 });
  await page.getByLabel('Speed').selectOption({ label: 'Maximum' });
  await page.getByRole('button', { name: 'Start' }).click();
  const best = page.locator('[data-field="bestEvaluation"]');
  for (let s = 0; !(parseFloat((await best.textContent()) ?? '') >= 200); s++) {
    if (s > 600) throw new Error('no evaluation reached 200 in 10 minutes');
    await page.waitForTimeout(1000);
  }
  await page.getByRole('button', { name: 'Pause' }).click();
  await page.getByLabel('Model to export').selectOption({ label: 'the best evaluation’s' });
  for (let seed = 1; seed < 20; seed++) {
    await page.getByLabel('Flight seed').fill(String(seed));
    const video = page.waitForEvent('download', {
      predicate: (d) => /\.(mp4|webm)$/.test(d.suggestedFilename()),
      timeout: 300_000,
    });
    await page.getByRole('button', { name: 'Record flight' }).click();
    const download = await video;
    await page.waitForEvent('download', { predicate: (d) => d.suggestedFilename().endsWith('.gif') });
    const text = (await page.getByRole('region', { name: 'Export and record' }).textContent()) ?? '';
    if (!/\(landed\)/.test(text)) continue;
    const path = join(outDir, download.suggestedFilename());
    await download.saveAs(path);
    const steps = Number(/in (\d+) steps/.exec(text)![1]);
    // Two fifths of the way: for the lab's landings, the descent onto the pad with the main engine firing.
    const frame = Math.round(steps * 0.4);
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-i',
      path,
      '-vf',
      `select=eq(n\\,${frame})`,
      '-frames:v',
      '1',
      'docs/recorded-flight.png',
    ]);
    console.log(`docs/recorded-flight.png: frame ${frame} of ${download.suggestedFilename()}`);
    break;
  }
  await page.close();
}

const outDir = mkdtempSync(join(tmpdir(), 'lander-lab-shots-'));
const { url, server } = await serveBuiltApp(outDir);
const browser = await launchBrowser();
try {
  if (which === 'flight') await recordedFlight(browser, url);
  else {
    if (which !== 'lesson') await policyMap(browser, url);
    if (which !== 'map') await lesson(browser, url);
  }
} finally {
  await browser.close();
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
}
