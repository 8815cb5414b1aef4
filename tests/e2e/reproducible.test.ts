/**
 * One run, one result: the page's settings pasted into the command line reproduce the page's run. The same
 * config and seed, trained in Chromium's worker and by the trainer in Node on the kernel engine (one
 * WebAssembly build, the same in both), gives the same return in every episode, to the last bit.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKernelFromDisk } from '../../src/agent/engines/kernel/nodeKernel';
import { PRESETS } from '../../src/config/presets';
import { Trainer } from '../../src/train/loop/trainer';
import { launchBrowser } from './browser';
import { appUrl, field, trainFast } from './harness';

let browser: Browser;
const files = mkdtempSync(join(tmpdir(), 'lander-lab-files-'));

beforeAll(async () => {
  await loadKernelFromDisk();
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  rmSync(files, { recursive: true, force: true });
});

/** The returns column of a history CSV. */
const returnsOf = (csv: string) => {
  const [header, ...rows] = csv.trim().split('\n');
  const column = header.split(',').indexOf('return');
  return rows.map((row) => Number(row.split(',')[column]));
};

describe('the page and the command line', () => {
  it('give the same returns, episode for episode, for the same settings and seed (kernel engine)', async () => {
    // The fast preset learns from the first episodes, so its updates shape every return that follows.
    const episodes = 300;
    const config = { ...PRESETS.fast.config, seed: 7, maxEpisodes: episodes };
    const query = new URLSearchParams({ engine: 'kernel', preset: 'fast' });
    for (const [k, v] of Object.entries(config)) query.set(k, String(v));
    const page = await browser.newPage({ viewport: { width: 1300, height: 900 }, acceptDownloads: true });
    await page.goto(`${appUrl}?${query}`);
    await expect.poll(() => field(page, 'engine').textContent(), { timeout: 90_000 }).toMatch(/^kernel, /);
    await trainFast(page);
    await expect
      .poll(() => field(page, 'episode').textContent(), { timeout: 240_000 })
      .toBe(String(episodes));
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download history' }).click();
    const path = join(files, 'history.csv');
    await (await download).saveAs(path);
    const browserReturns = returnsOf(readFileSync(path, 'utf8'));
    await page.close();

    const trainer = new Trainer(config, { engine: 'kernel' });
    trainer.runEpisodes(episodes);
    const nodeReturns = trainer.returns;
    trainer.dispose();

    expect(browserReturns).toHaveLength(episodes);
    const firstDifference = browserReturns.findIndex((r, i) => r !== nodeReturns[i]);
    expect(firstDifference, `first different episode: ${firstDifference + 1}`).toBe(-1);
  }, 300_000);
});
