/**
 * The README's pictures of the policy map and the Mars-rover lesson, from the built app in headless
 * Chromium: `npx tsx scripts/screenshots.ts [map|lesson|both] [seconds of training, default 25]`.
 */
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

const outDir = mkdtempSync(join(tmpdir(), 'lander-lab-shots-'));
const { url, server } = await serveBuiltApp(outDir);
const browser = await launchBrowser();
try {
  if (which !== 'lesson') await policyMap(browser, url);
  if (which !== 'map') await lesson(browser, url);
} finally {
  await browser.close();
  await server.close();
  rmSync(outDir, { recursive: true, force: true });
}
