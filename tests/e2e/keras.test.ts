/**
 * Keras .h5 in the page: a trained model downloads as the course's .h5 (HDF5 fetched only then, not with
 * the page) and as Keras 3's .keras, each holding the very weights of the Layers download, and loads back
 * to fly; the course-layout
 * sample loads and flies; a .h5 whose network is known shows its Q-values; a bad .h5 is refused with why.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { layersFromKerasArchive } from '../../src/agent/model/kerasArchive';
import { layersFromKerasH5 } from '../../src/agent/model/kerasH5';
import { courseSpec, kerasFile } from '../agent/model/kerasFiles';
import { chromiumForThisFile, field, number, openIn, textOf, trainFast, WAIT } from './harness';

const browser = chromiumForThisFile();
const files = mkdtempSync(join(tmpdir(), 'lander-lab-keras-'));
afterAll(() => rmSync(files, { recursive: true, force: true }));

const SAMPLE = 'tests/fixtures/keras/sample_course_layout.h5';

async function newPage(): Promise<Page> {
  return browser().newPage({ viewport: { width: 1300, height: 900 }, acceptDownloads: true });
}

const models = (page: Page) => page.getByRole('region', { name: 'Models' });
const watchingBanner = (page: Page) => page.locator('.banner.watching');
const qValues = (page: Page) =>
  page.getByRole('region', { name: 'Q-values' }).locator('.value').allTextContents();

async function saved(download: Promise<Download>, name: string): Promise<string> {
  const d = await download;
  expect(d.suggestedFilename()).toBe(name);
  const path = join(files, name);
  await d.saveAs(path);
  return path;
}

describe('Keras .h5 in the playground', () => {
  it('downloads the trained model as .h5 (fetching HDF5 only then), the Layers weights bit for bit, and loads it back to fly', async () => {
    const page = await newPage();
    // Every fetch of h5wasm's chunk, the worker's included.
    let hdf5Fetches = 0;
    await page.route('**/hdf5_hl-*.js', async (route) => {
      hdf5Fetches++;
      await route.continue();
    });
    const { errors, foreign } = await openIn(page, '?hidden1=24&hidden2=12');
    await trainFast(page);
    await expect.poll(() => number(page, 'episode'), { timeout: 60_000 }).toBeGreaterThan(2);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => field(page, 'state').textContent(), WAIT).toBe('paused');
    expect(hdf5Fetches).toBe(0);

    const bin = saved(
      page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.bin')),
      'lunar-lander-dqn.weights.bin',
    );
    await page.getByRole('button', { name: 'Download model' }).click();
    const h5 = saved(
      page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.h5')),
      'lunar_lander_model.h5',
    );
    await page.getByRole('button', { name: 'Download as Keras .h5' }).click();
    const [binPath, h5Path] = await Promise.all([bin, h5]);
    expect(hdf5Fetches).toBeGreaterThan(0);

    const read = await layersFromKerasH5(readFileSync(h5Path));
    expect(new Uint8Array(read.weights)).toEqual(new Uint8Array(readFileSync(binPath)));
    const topology = JSON.parse(read.json).modelTopology.config.layers.map(
      (l: { config: { units: number } }) => l.config.units,
    );
    expect(topology).toEqual([24, 12, 4]);
    const episodes = JSON.parse(read.json).userDefinedMetadata.episodes as number;
    expect(episodes).toBeGreaterThan(2);

    await page.getByLabel('Load model').setInputFiles(h5Path);
    await expect
      .poll(() => textOf(watchingBanner(page)), WAIT)
      .toContain('Watching the loaded model “lunar_lander_model.h5”');
    expect(await textOf(models(page))).toContain(
      `Loaded: lunar_lander_model.h5 (24-12 network, trained ${episodes} episodes)`,
    );

    // Keras 3's .keras: the same weights, and it loads back too.
    const keras = saved(
      page.waitForEvent('download', (d) => d.suggestedFilename().endsWith('.keras')),
      'lunar_lander_model.keras',
    );
    await page.getByRole('button', { name: 'Download as .keras' }).click();
    const kerasPath = await keras;
    const archived = await layersFromKerasArchive(readFileSync(kerasPath));
    expect(new Uint8Array(archived.weights)).toEqual(new Uint8Array(readFileSync(binPath)));
    await watchingBanner(page).waitFor({ state: 'detached', timeout: 60_000 });
    await page.getByLabel('Load model').setInputFiles(kerasPath);
    await expect
      .poll(() => textOf(watchingBanner(page)), WAIT)
      .toContain('Watching the loaded model “lunar_lander_model.keras”');
    expect(errors).toEqual([]);
    expect(foreign).toEqual([]);
    await page.close();
  }, 240_000);

  it('loads the course-layout sample and watches it fly', async () => {
    const page = await newPage();
    const { errors } = await openIn(page, '?maxEpisodeSteps=150');
    await page.getByLabel('Load model').setInputFiles(SAMPLE);
    await expect
      .poll(() => textOf(watchingBanner(page)), WAIT)
      .toContain('Watching the loaded model “sample_course_layout.h5”');
    expect(await textOf(models(page))).toContain('Loaded: sample_course_layout.h5 (64-64 network)');
    // It flies: the episode ends (150 steps at most) and the page says what flew.
    await watchingBanner(page).waitFor({ state: 'detached', timeout: 60_000 });
    expect(await textOf(page.locator('.watched'))).toContain('the loaded model “sample_course_layout.h5”');
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('flies the network in the .h5 (its Q-values on screen), and refuses a bad .h5 saying why', async () => {
    // Zero kernels and output biases 4, 3, 2, 1: Q-values no other network shows.
    const spec = courseSpec(8, 8);
    for (const layer of spec.layers) for (const d of layer.datasets) d.data.fill(0);
    spec.layers[2].datasets[1].data.set([4, 3, 2, 1]);
    const constant = join(files, 'constant.h5');
    writeFileSync(constant, await kerasFile(spec));

    const page = await newPage();
    const { errors } = await openIn(page, '?maxEpisodeSteps=150');
    const loader = page.getByLabel('Load model');
    await loader.setInputFiles(constant);
    await expect.poll(() => qValues(page), WAIT).toEqual(['4.00', '3.00', '2.00', '1.00']);
    await watchingBanner(page).waitFor({ state: 'detached', timeout: 60_000 });

    const alert = models(page).getByRole('alert');
    const notes = join(files, 'notes.h5');
    writeFileSync(notes, 'these are my notes');
    await loader.setInputFiles(notes);
    await expect
      .poll(() => textOf(alert), WAIT)
      .toContain(
        'notes.h5 was not loaded: it is not an HDF5 file (it does not start with the HDF5 signature)',
      );
    const cut = join(files, 'cut.h5');
    writeFileSync(cut, readFileSync(SAMPLE).subarray(0, 3000));
    await loader.setInputFiles(cut);
    await expect
      .poll(() => textOf(alert), WAIT)
      .toContain('cut.h5 was not loaded: the file is cut short (its data runs past the end)');
    const tanh = courseSpec(8, 8);
    tanh.config = tanh.config!.replace('"relu"', '"tanh"');
    const tanhPath = join(files, 'tanh.h5');
    writeFileSync(tanhPath, await kerasFile(tanh));
    await loader.setInputFiles(tanhPath);
    await expect
      .poll(() => textOf(alert), WAIT)
      .toContain("the layers' activations are tanh, relu, linear; a Q-network here has relu, relu, linear");
    // The model loaded before is the one still kept.
    expect(await textOf(models(page))).toContain('Loaded: constant.h5 (8-8 network)');
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});
