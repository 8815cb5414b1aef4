/**
 * Greedy evaluation in a real headless Chromium: the evaluations drawn on the return chart, the status's
 * last and best, both model downloads (loaded by tfjs, each saying which it is and carrying its
 * evaluation), and a resumed run that keeps its best (also downloadable from the Runs panel).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { readModelFiles } from '../../src/agent/model/modelFormat';
import { appUrl, chromiumForThisFile, field, number, textOf, trainerReady, trainPast, WAIT } from './harness';

const browser = chromiumForThisFile();
const files = mkdtempSync(join(tmpdir(), 'lander-lab-eval-files-'));

afterAll(async () => {
  rmSync(files, { recursive: true, force: true });
});

/** Loads the playground without the harness's watch: this test records uncaught exceptions alone. */
async function open(page: Page, query = ''): Promise<void> {
  await page.goto(`${appUrl}${query}`);
  await trainerReady(page);
}

/** Pixels of the evaluation points' colour (#ff4fd8) on the return chart. */
const evaluationPixels = (page: Page) =>
  page.locator('[data-chart="return"] canvas').evaluate((c: HTMLCanvasElement) => {
    const { data } = c.getContext('2d')!.getImageData(0, 0, c.width, c.height);
    let n = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] > 230 && data[i + 1] < 120 && data[i + 2] > 180) n++;
    }
    return n;
  });

/** Clicks `button` and reads back the model it downloads (both files) with tfjs. */
async function downloadModel(page: Page, button: Locator, name: string) {
  const downloads: Promise<Download>[] = [
    page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.json')),
    page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.bin')),
  ];
  await button.click();
  const [json, bin] = await Promise.all(downloads);
  const jsonPath = join(files, `${name}.json`);
  const binPath = join(files, `${name}.bin`);
  await json.saveAs(jsonPath);
  await bin.saveAs(binPath);
  const text = readFileSync(jsonPath, 'utf8');
  const weights = readFileSync(binPath);
  const checked = await readModelFiles(
    text,
    weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    { inputs: 8, actions: 4 },
  );
  const manifest = (JSON.parse(text) as { weightsManifest: { paths: string[] }[] }).weightsManifest;
  return {
    ...checked,
    bytes: weights,
    files: [json.suggestedFilename(), bin.suggestedFilename()],
    manifestPath: manifest[0].paths[0],
  };
}

interface Evaluation {
  episode: number;
  episodes: number;
  mean: number;
  std: number;
  outcomes: { landed: number };
}
/** How the status writes an evaluation: "153.2 ± 40.1, 7/10 landed, episode 250". */
const shown = (e: Evaluation) =>
  `${e.mean.toFixed(1)} ± ${e.std.toFixed(1)}, ${e.outcomes.landed}/${e.episodes} landed, episode ${e.episode}`;

describe('greedy evaluation in the playground', () => {
  it('draws evaluations, offers the best and latest models, and a resumed run keeps its best', async () => {
    const context = await browser().newContext({
      viewport: { width: 1300, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await open(page, '?maxEpisodeSteps=80&evalEvery=3&evalEpisodes=2');
    expect(await field(page, 'bestEvaluation').textContent()).toBe('—');
    expect(await page.getByRole('button', { name: 'Download best model' }).isDisabled()).toBe(true);
    expect(await evaluationPixels(page)).toBe(0);

    await trainPast(page, 12);
    await expect.poll(() => evaluationPixels(page), WAIT).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => field(page, 'state').textContent(), WAIT).toBe('paused');
    await expect
      .poll(() => textOf(page.getByRole('region', { name: 'Runs' })), WAIT)
      .toContain('Saved at episode');
    const episode = await number(page, 'episode');
    expect(await field(page, 'lastEvaluation').textContent()).toMatch(/ ± .*, \d\/2 landed, episode \d+$/);
    const bestText = await field(page, 'bestEvaluation').textContent();

    const best = await downloadModel(page, page.getByRole('button', { name: 'Download best model' }), 'best');
    expect(best.files).toEqual(['lunar-lander-dqn-best.json', 'lunar-lander-dqn-best.weights.bin']);
    expect(best.manifestPath).toBe('lunar-lander-dqn-best.weights.bin');
    expect(best.metadata.which).toBe('best');
    const bestEval = best.metadata.evaluation as Evaluation;
    expect(shown(bestEval)).toBe(bestText);
    expect(best.metadata.episodes).toBe(bestEval.episode);

    const latest = await downloadModel(page, page.getByRole('button', { name: 'Download model' }), 'latest');
    expect(latest.files).toEqual(['lunar-lander-dqn.json', 'lunar-lander-dqn.weights.bin']);
    expect(latest.metadata).toMatchObject({ which: 'latest', episodes: episode });
    expect(shown(latest.metadata.evaluation as Evaluation)).toBe(
      await field(page, 'lastEvaluation').textContent(),
    );
    best.model.dispose();
    latest.model.dispose();
    await page.close();

    // A new tab: resume the saved run; its best is kept, drawn, and downloadable from the Runs panel.
    const again = await context.newPage();
    await open(again);
    const offer = again.getByRole('button', { name: 'Resume last run' });
    await offer.waitFor(WAIT);
    await offer.click();
    await expect.poll(() => number(again, 'episode'), WAIT).toBe(episode);
    expect(await field(again, 'bestEvaluation').textContent()).toBe(bestText);
    await expect.poll(() => evaluationPixels(again), WAIT).toBeGreaterThan(20);
    const runs = again.getByRole('region', { name: 'Runs' });
    await expect
      .poll(() => textOf(runs), WAIT)
      .toContain(`best greedy evaluation: ${bestEval.mean.toFixed(1)}`);
    const saved = await downloadModel(
      again,
      runs.getByRole('button', { name: /^Download the best model of / }).first(),
      'saved-best',
    );
    expect(saved.metadata.which).toBe('best');
    expect(saved.metadata.evaluation).toEqual(bestEval);
    expect(saved.bytes.equals(best.bytes)).toBe(true);
    saved.model.dispose();
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});
