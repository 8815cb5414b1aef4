/**
 * Comparing runs in a real headless Chromium: two saved runs (the lab and the lab with γ 0.99) ticked
 * and compared on one chart with their names and the setting that differs, then a command-line run
 * imported into the same comparison, and a bad import refused with its reason. And a sweep of 4 short
 * trials in workers: 4 curves on one chart, 4 saved runs and a ranking.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/config/presets';
import { historyCsv } from '../../src/train/runs/history';
import { appUrl, chromiumForThisFile, open, textOf, trainPast, WAIT } from './harness';
import type { Opened } from './harness';

const browser = chromiumForThisFile();
const files = mkdtempSync(join(tmpdir(), 'lander-lab-cli-run-'));

afterAll(async () => {
  rmSync(files, { recursive: true, force: true });
});

/**
 * Opens the page with `query`, trains a few episodes and pauses, which saves the run. Where the context
 * has a saved run (`resumable`), the page offers it first and that offer is declined.
 */
async function trainAndSave(context: BrowserContext, query: string, resumable: boolean): Promise<Opened> {
  const opened = await open(context, query);
  const { page } = opened;
  // Waited for, not looked for: the offer comes once the saved runs are read, at times after the
  // trainer is ready.
  if (resumable) await page.getByRole('button', { name: 'Start fresh' }).click(WAIT);
  await trainPast(page, 3);
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect
    .poll(() => textOf(page.getByRole('region', { name: 'Runs' })), WAIT)
    .toContain('Saved at episode');
  return opened;
}

describe('comparing runs', () => {
  it('two saved runs on one chart with a legend and the setting that differs; a CLI run imported', async () => {
    const context = await browser().newContext({ viewport: { width: 1300, height: 1000 } });
    const first = await trainAndSave(context, '?maxEpisodeSteps=60', false);
    await first.page.close();
    const { page, errors } = await trainAndSave(context, '?maxEpisodeSteps=60&gamma=0.99', true);

    const runs = page.getByRole('region', { name: 'Runs' });
    const lab = 'lab · seed 0 · steps 60';
    const gamma = 'lab · seed 0 · γ 0.99 · steps 60';
    await expect.poll(() => textOf(runs), WAIT).toContain(gamma);
    expect(await textOf(runs)).toContain(lab);
    const compareButton = runs.getByRole('button', { name: /^Compare/ });
    expect(await compareButton.isDisabled()).toBe(true);
    await runs.getByRole('checkbox', { name: `Compare ${lab}`, exact: true }).check();
    await runs.getByRole('checkbox', { name: `Compare ${gamma}`, exact: true }).check();
    await compareButton.click();

    const comparison = page.getByRole('region', { name: 'Comparison' });
    await comparison.waitFor(WAIT);
    expect(await comparison.locator('.compare-chart').getAttribute('data-runs')).toBe('2');
    expect(await comparison.locator('.compare-chart canvas').count()).toBe(1);
    const legend = comparison.getByRole('list', { name: 'Compared runs' }).getByRole('listitem');
    expect(await legend.allTextContents()).toEqual([
      expect.stringContaining(gamma),
      expect.stringContaining(lab),
    ]);
    const settings = comparison.getByRole('table', { name: 'Settings that differ' });
    expect(await settings.getByRole('row').allTextContents()).toEqual([
      expect.stringMatching(/^Setting/),
      expect.stringMatching(/^Discount γ\s*0\.99\s*0\.995$/),
    ]);

    // A command-line run's files: config.json and history.csv.
    const reports = Array.from({ length: 30 }, (_, i) => ({
      episode: i + 1,
      return: -150 + i * 8,
      length: 90,
      epsilon: 0.97 ** (i + 1),
      avg100: -150 + i * 4,
      loss: null,
      meanMaxQ: null,
      envSteps: 90 * (i + 1),
      updates: 0,
      stepsPerSecond: 2000,
    }));
    writeFileSync(
      join(files, 'config.json'),
      JSON.stringify({ preset: 'fast', ...PRESETS.fast.config, seed: 3 }),
    );
    writeFileSync(join(files, 'history.csv'), historyCsv(reports));
    const importer = runs.getByLabel(/^Import a command-line run/);
    await importer.setInputFiles([join(files, 'config.json'), join(files, 'history.csv')]);
    await expect.poll(() => comparison.locator('.compare-chart').getAttribute('data-runs'), WAIT).toBe('3');
    expect(await legend.nth(2).textContent()).toContain('fast · seed 3 (imported)');
    expect((await settings.getByRole('row').allTextContents()).length).toBeGreaterThan(3);

    await importer.setInputFiles([join(files, 'history.csv')]);
    await expect
      .poll(() => textOf(page.getByRole('alert')), WAIT)
      .toContain('Not imported: a run needs its config.json and history.csv together; config.json missing');
    expect(await comparison.locator('.compare-chart').getAttribute('data-runs')).toBe('3');
    if (process.env.LANDER_LAB_SCREENSHOT)
      await comparison.screenshot({ path: process.env.LANDER_LAB_SCREENSHOT });
    expect([...first.errors, ...errors]).toEqual([]);
    await context.close();
  }, 240_000);

  it('a sweep of 4 short trials: 4 curves on one chart, 4 saved runs and a ranking', async () => {
    const context = await browser().newContext({ viewport: { width: 1300, height: 1000 } });
    // Three cores, whatever this machine has: two trials at once (one core is the page's), two queued.
    await context.addInitScript(() =>
      Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => 3 }),
    );
    const { page, errors } = await open(context, '?maxEpisodes=6&maxEpisodeSteps=60');
    const panel = page.getByRole('region', { name: 'Sweep' });
    await panel.getByLabel('Sweep hyperparameter 1', { exact: true }).selectOption({ label: 'Discount γ' });
    await panel.getByLabel('Values of sweep hyperparameter 1').fill('0.98, 2');
    await panel.getByRole('button', { name: 'Run sweep' }).click();
    await expect
      .poll(() => textOf(page.getByRole('alert')), WAIT)
      .toContain('No sweep: --grid gamma=2: Discount γ must be a number from 0 to 0.9999; got 2');
    await panel.getByLabel('Values of sweep hyperparameter 1').fill('0.98, 0.99');
    await panel.getByLabel('Sweep seeds').fill('0-1');
    await panel.getByRole('button', { name: 'Run sweep' }).click();

    const status = panel.locator('[data-field="sweep-status"]');
    expect(await panel.getByLabel('Trials at once').inputValue()).toBe('2');
    await expect.poll(() => status.textContent(), WAIT).toBe('running · 0/4 done · 2 running');
    await expect.poll(() => status.textContent(), { timeout: 180_000 }).toBe('done · 4/4 done · 0 running');
    const comparison = page.getByRole('region', { name: 'Comparison' });
    expect(await comparison.locator('.compare-chart').getAttribute('data-runs')).toBe('4');
    const names = ['0.98', '0.99'].flatMap((g) =>
      [0, 1].map((seed) => `lab · seed ${seed} · γ ${g} · episodes 6 · steps 60`),
    );
    const legend = await comparison.getByRole('list', { name: 'Compared runs' }).allTextContents();
    for (const name of names) expect(legend.join(' ')).toContain(name);
    const runs = page.getByRole('region', { name: 'Runs' });
    await expect
      .poll(() => runs.locator('.run-name').allTextContents(), WAIT)
      .toEqual(expect.arrayContaining(names.map((n) => expect.stringContaining(n))));
    expect(await runs.locator('.run-facts').allTextContents()).toEqual(
      expect.arrayContaining([expect.stringContaining('6 episodes')]),
    );
    const ranking = panel.getByRole('table', { name: 'Sweep ranking' });
    const rows = await ranking.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(4);
    expect(rows.map((r) => r.charAt(0)).sort()).toEqual(['1', '2', '3', '4']);
    expect(errors).toEqual([]);
    await context.close();
  }, 300_000);

  it('a sweep survives closing the tab: its trial resumes from its checkpoint', async () => {
    const context = await browser().newContext({ viewport: { width: 1300, height: 1000 } });
    const query = '?maxEpisodes=300&maxEpisodeSteps=60';
    const name = 'lab · seed 0 · episodes 300 · steps 60';
    const { page: first } = await open(context, query);
    const panel = first.getByRole('region', { name: 'Sweep' });
    await panel.getByLabel('Sweep seeds').fill('0');
    await panel.getByRole('button', { name: 'Run sweep' }).click();
    const episodes = async (p: Page) =>
      Number(
        /(\d+) episodes/.exec((await p.locator('.sweep-trials li').first().textContent()) ?? '')?.[1] ?? 0,
      );
    // Past the first autosave (every 25 episodes) but not finished.
    await expect.poll(() => episodes(first), { timeout: 90_000 }).toBeGreaterThan(30);
    await first.close();

    const again = await context.newPage();
    await again.goto(`${appUrl}${query}`);
    const status = again.getByRole('region', { name: 'Sweep' }).locator('[data-field="sweep-status"]');
    await expect.poll(() => status.textContent(), { timeout: 90_000 }).toBe('paused · 0/1 done · 0 running');
    // The trial's run is the sweep's to resume, not offered to the playground as well.
    await expect.poll(() => textOf(again.getByRole('region', { name: 'Runs' })), WAIT).toContain(name);
    expect(await again.getByRole('button', { name: 'Resume last run' }).count()).toBe(0);
    await again.getByRole('button', { name: 'Resume sweep' }).click();
    await expect.poll(() => episodes(again), WAIT).toBeGreaterThanOrEqual(25);
    await expect.poll(() => status.textContent(), { timeout: 180_000 }).toBe('done · 1/1 done · 0 running');
    // One saved run, carried on to the end: a trial started afresh would be a second run of that name.
    const runs = again.getByRole('region', { name: 'Runs' });
    await expect
      .poll(async () => (await runs.locator('li').allTextContents()).filter((t) => t.includes(name)), WAIT)
      .toEqual([expect.stringContaining('300 episodes')]);
    await context.close();
  }, 400_000);
});
