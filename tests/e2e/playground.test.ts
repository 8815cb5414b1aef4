/**
 * The playground in a real headless Chromium: training in the worker on each engine, live settings,
 * the address, and models out and back in (and bad ones refused while training goes on).
 */
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { ENGINE_NAMES } from '../../src/agent/engines/engineTable';
import { readModelFiles } from '../../src/agent/model/modelFormat';
import { buildQNetwork } from '../../src/agent/qNetwork';
import { saveModel } from '../../src/train/cli/modelFiles';
import { chromiumForThisFile, field, number, openIn, textOf, trainFast } from './harness';
import type { Opened } from './harness';

const browser = chromiumForThisFile();
const files = mkdtempSync(join(tmpdir(), 'lander-lab-files-'));

afterAll(async () => {
  rmSync(files, { recursive: true, force: true });
});

async function open(query = ''): Promise<Opened> {
  const page = await browser().newPage({ viewport: { width: 1300, height: 900 }, acceptDownloads: true });
  return openIn(page, query);
}

// 20 s, as this file has always allowed (the other files wait the harness's 30 s).
const WAIT = { timeout: 20_000 };

describe('the playground', () => {
  it('loads cleanly, trains when started, and the return curve grows', async () => {
    const { page, errors, foreign } = await open();
    // Auto measures every engine that starts and takes the fastest: here, the kernel.
    expect(await field(page, 'engine').textContent()).toMatch(/^kernel, /);
    const chart = page.locator('[data-chart="return"] canvas');
    const before = await chart.evaluate((c: HTMLCanvasElement) => c.toDataURL());
    await trainFast(page);
    await expect.poll(() => number(page, 'episode'), { timeout: 60_000 }).toBeGreaterThan(5);
    await expect.poll(() => chart.evaluate((c: HTMLCanvasElement) => c.toDataURL())).not.toBe(before);
    const episode = await number(page, 'episode');
    await expect.poll(() => number(page, 'episode'), { timeout: 60_000 }).toBeGreaterThan(episode);
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  });

  it('applies live settings to the running agent without a reset', async () => {
    const { page } = await open();
    await trainFast(page);
    await expect.poll(() => number(page, 'episode'), { timeout: 60_000 }).toBeGreaterThan(3);
    await page.getByLabel('Learning rate value').fill('0.0004');
    await page.getByLabel('Learning rate value').press('Enter');
    await expect.poll(() => field(page, 'learningRate').textContent()).toBe('0.0004');
    await page.getByLabel('Exploration ε value').fill('0.3');
    await page.getByLabel('Exploration ε value').press('Enter');
    await expect.poll(() => number(page, 'epsilon')).toBeLessThanOrEqual(0.3);
    const episode = await number(page, 'episode');
    await expect.poll(() => number(page, 'episode'), { timeout: 60_000 }).toBeGreaterThan(episode);
    expect(await number(page, 'epsilon')).toBeGreaterThan(0.2); // decaying from 0.3, not restarted at 1

    // A typed value out of range is refused at the field, with the range, and nothing changes.
    await page.getByLabel('Learning rate value').fill('1e400');
    await page.getByLabel('Learning rate value').press('Enter');
    await page
      .getByRole('alert')
      .filter({ hasText: 'Learning rate must be' })
      .first()
      .waitFor({ state: 'visible', timeout: 60_000 });
    expect(await field(page, 'learningRate').textContent()).toBe('0.0004');

    for (const [typed, why] of [
      ['', 'got nothing'],
      ['-1', 'got -1'],
      ['abc', 'got "abc"'],
    ]) {
      await page.getByLabel('Learning rate value').fill(typed);
      await page.getByLabel('Learning rate value').press('Enter');
      await expect
        .poll(() => textOf(page.getByRole('alert')), WAIT)
        .toContain(`Learning rate must be a number from 0.000001 to 1; ${why}`);
    }
    expect(await field(page, 'learningRate').textContent()).toBe('0.0004');
    await page.getByLabel('Learning rate value').press('Escape');

    // The slider reaches the worker too.
    const slider = page.getByRole('slider', { name: 'Discount γ' });
    await slider.focus();
    await slider.press('Home');
    await expect.poll(() => page.getByLabel('Discount γ value').inputValue()).toBe('0');
    await page.close();
  });

  it('keeps the settings in the address, and names bad ones there', async () => {
    const { page } = await open('?learningRate=0.0005&gamma=0.99&hidden1=32');
    expect(await page.getByLabel('Learning rate value').inputValue()).toBe('0.0005');
    expect(await page.getByLabel('Discount γ value').inputValue()).toBe('0.99');
    expect(await page.getByLabel('First hidden layer value').inputValue()).toBe('32');
    expect(await field(page, 'learningRate').textContent()).toBe('0.0005');
    await page.getByLabel('Target update τ value').fill('0.002');
    await page.getByLabel('Target update τ value').press('Enter');
    await expect.poll(() => new URL(page.url()).searchParams.get('tau')).toBe('0.002');
    const params = new URL(page.url()).searchParams;
    expect(params.get('learningRate')).toBe('0.0005');
    expect(params.get('hidden1')).toBe('32');
    await page.close();

    const bad = await open(`?gamma=2&nonsense=1&tau=${'9'.repeat(10_000)}`);
    const alert = bad.page.getByRole('alert');
    await expect.poll(() => textOf(alert), WAIT).toContain('Discount γ must be');
    await expect.poll(() => textOf(alert), WAIT).toContain('unknown setting “nonsense”');
    await expect.poll(() => textOf(alert), WAIT).toContain('too long');
    expect(await bad.page.getByLabel('Discount γ value').inputValue()).toBe('0.995');
    await bad.page.close();
  });

  it.each(ENGINE_NAMES)('trains on the %s engine when chosen', async (engine) => {
    const { page, errors } = await open(`?engine=${engine}`);
    expect(await field(page, 'engine').textContent()).toMatch(new RegExp(`^${engine}, `));
    await expect
      .poll(() => textOf(page.getByRole('region', { name: 'Training status' })), WAIT)
      .toContain(`${engine}, as chosen`);
    await trainFast(page);
    await expect.poll(() => number(page, 'updates'), { timeout: 90_000 }).toBeGreaterThan(10);
    expect(errors).toEqual([]);
    await page.close();
  });
});

describe('models in the playground', () => {
  it('downloads a model tfjs loads, loads it back to watch, and refuses broken files', async () => {
    const { page } = await open('?hidden1=32&hidden2=16');
    await trainFast(page);
    await expect.poll(() => number(page, 'episode'), { timeout: 60_000 }).toBeGreaterThan(2);

    const downloads: Promise<Download>[] = [
      page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.json')),
      page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.bin')),
    ];
    await page.getByRole('button', { name: 'Download model' }).click();
    const [json, bin] = await Promise.all(downloads);
    expect(json.suggestedFilename()).toBe('lunar-lander-dqn.json');
    expect(bin.suggestedFilename()).toBe('lunar-lander-dqn.weights.bin');
    const jsonPath = join(files, 'lunar-lander-dqn.json');
    const binPath = join(files, 'lunar-lander-dqn.weights.bin');
    await json.saveAs(jsonPath);
    await bin.saveAs(binPath);
    const weights = readFileSync(binPath);
    const { model, metadata } = await readModelFiles(
      readFileSync(jsonPath, 'utf8'),
      weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
      { inputs: 8, actions: 4 },
    );
    expect(model.getWeights().map((w) => w.shape)).toEqual([[8, 32], [32], [32, 16], [16], [16, 4], [4]]);
    expect(metadata).toMatchObject({ engine: expect.any(String), episodes: expect.any(Number) });
    expect((metadata.config as { hidden1: number }).hidden1).toBe(32);

    const loader = page.getByLabel('Load model');
    await loader.setInputFiles([jsonPath, binPath]);
    await page
      .getByRole('status')
      .filter({ hasText: 'Watching the loaded model “lunar-lander-dqn.json”' })
      .first()
      .waitFor({ state: 'visible', timeout: 60_000 });

    // Broken files: each refused with what was wrong, and training carries on.
    await expect.poll(() => field(page, 'state').textContent(), { timeout: 60_000 }).toBe('running');
    const notJson = join(files, 'broken.json');
    writeFileSync(notJson, 'this is not json');
    await loader.setInputFiles([notJson, binPath]);
    await expect
      .poll(() => textOf(page.getByRole('alert')), WAIT)
      .toContain('broken.json was not loaded: the model description is not JSON');
    const truncated = join(files, 'short.bin');
    writeFileSync(truncated, weights.subarray(0, 100));
    await loader.setInputFiles([jsonPath, truncated]);
    await expect
      .poll(() => textOf(page.getByRole('alert')), WAIT)
      .toContain('holds 100 bytes where the model needs');
    const rover = await saveModel(
      buildQNetwork({ inputs: 6, hidden1: 8, hidden2: 8, actions: 2 }, 1),
      join(files, 'rover'),
      {},
    );
    await loader.setInputFiles([rover, join(files, 'rover', 'weights.bin')]);
    await expect.poll(() => textOf(page.getByRole('alert')), WAIT).toContain('maps 6 inputs to 2 outputs');
    // 500 MB of weights: refused from its size, before a byte is read (a sparse file, so cheap to make).
    const huge = join(files, 'huge.bin');
    writeFileSync(huge, '');
    truncateSync(huge, 500 * 1024 * 1024);
    await loader.setInputFiles([jsonPath, huge]);
    await expect.poll(() => textOf(page.getByRole('alert')), WAIT).toContain('huge.bin is 524288000 bytes');
    await loader.setInputFiles([jsonPath]);
    await expect.poll(() => textOf(page.getByRole('alert')), WAIT).toContain('Choose both files');
    const episode = await number(page, 'episode');
    expect(await field(page, 'state').textContent()).toBe('running');
    await expect.poll(() => number(page, 'episode'), { timeout: 60_000 }).toBeGreaterThan(episode);
    await page.close();
  });

  it('continues training from a loaded model', async () => {
    const network = buildQNetwork({ inputs: 8, hidden1: 24, hidden2: 12, actions: 4 }, 7);
    const path = await saveModel(network, join(files, 'small'), { episodes: 321 });
    const { page } = await open();
    await page.getByLabel('After loading').selectOption('continue-page');
    await page.getByLabel('Load model').setInputFiles([path, join(files, 'small', 'weights.bin')]);
    await page
      .getByRole('status')
      .filter({
        hasText: 'Training goes on from model.json (trained 321 episodes) with this page’s settings',
      })
      .first()
      .waitFor({ state: 'visible', timeout: 60_000 });
    expect(await page.getByLabel('First hidden layer value').inputValue()).toBe('24');
    await trainFast(page);
    await expect.poll(() => number(page, 'updates'), { timeout: 60_000 }).toBeGreaterThan(10);
    await page.close();
  });
});
