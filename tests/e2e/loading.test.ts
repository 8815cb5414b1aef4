/**
 * Loading a model says and does the same thing: a loaded model flies at once, even while the trainer is
 * still choosing its engine; each Watch button flies the network it names, and the banner names what
 * flies; continuing offers the model's own settings or the page's and says which it used (the sliders and
 * the address then show them); and a refused file is reported beside the Models panel, in view.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelFiles } from '../../src/agent/model/modelFormat';
import { buildQNetwork } from '../../src/agent/qNetwork';
import { PRESETS } from '../../src/config/presets';
import {
  appUrl,
  chromiumForThisFile,
  field,
  number,
  openIn,
  textOf,
  trainerReady,
  trainFast,
  WAIT,
  watch,
} from './harness';

const browser = chromiumForThisFile();
const files = mkdtempSync(join(tmpdir(), 'lander-lab-loading-'));

/** A model's two files on disk as a person would pick them: `name`.json and `name`.weights.bin. */
async function writeModel(
  name: string,
  model: tf.LayersModel,
  metadata: Record<string, unknown>,
): Promise<[string, string]> {
  const weightsName = `${name}.weights.bin`;
  const saved = await modelFiles(model, weightsName, metadata);
  const json = join(files, `${name}.json`);
  const weights = join(files, weightsName);
  writeFileSync(json, saved.json);
  writeFileSync(weights, new Uint8Array(saved.weights));
  return [json, weights];
}

/**
 * A network whose Q-values are 4, 3, 2, 1 in every state (zero kernels, those output biases): whatever
 * flies it shows those values, which no trained or freshly initialised network does.
 */
function constantNetwork(hidden1 = 8, hidden2 = 8): tf.LayersModel {
  const model = buildQNetwork({ inputs: 8, hidden1, hidden2, actions: 4 }, 1);
  const weights = model.getWeights().map((w, i) => (i === 5 ? tf.tensor1d([4, 3, 2, 1]) : tf.zerosLike(w)));
  model.setWeights(weights);
  tf.dispose(weights);
  return model;
}
const CONSTANT_Q = ['4.00', '3.00', '2.00', '1.00'];

let constant: [string, string];
let fastModel: [string, string];
let bare: [string, string];

beforeAll(async () => {
  const c = constantNetwork();
  constant = await writeModel('constant', c, { episodes: 12 });
  c.dispose();
  // Trained (as far as its metadata says) with the fast preset: Huber loss, learning rate 2e-3.
  const small = buildQNetwork({ inputs: 8, hidden1: 24, hidden2: 12, actions: 4 }, 7);
  fastModel = await writeModel('fast-small', small, {
    episodes: 321,
    config: { ...PRESETS.fast.config, hidden1: 24, hidden2: 12 },
  });
  // A model from elsewhere: no settings in its metadata.
  bare = await writeModel('bare', small, { episodes: 5 });
  small.dispose();
});

afterAll(() => rmSync(files, { recursive: true, force: true }));

async function newPage(): Promise<Page> {
  return browser().newPage({ viewport: { width: 1300, height: 900 } });
}

const models = (page: Page) => page.getByRole('region', { name: 'Models' });
const qValues = (page: Page) =>
  page.getByRole('region', { name: 'Q-values' }).locator('.value').allTextContents();
const watchingBanner = (page: Page) => page.locator('.banner.watching');
/** Every live status and alert on the page, as one text. */
const announced = (page: Page) => textOf(page.locator('[role="status"], [role="alert"]'));

describe('a loaded model to watch', () => {
  it('flies at once after opening, while the trainer is still choosing its engine', async () => {
    const page = await newPage();
    const { errors } = watch(page);
    // The learning kernel's WebAssembly is held back, so the trainer cannot start until the test says.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/*.wasm', async (route) => {
      await held;
      await route.continue();
    });
    await page.goto(`${appUrl}?engine=kernel&maxEpisodeSteps=150`);
    await page.getByLabel('Load model').setInputFiles(constant);
    await expect
      .poll(() => textOf(watchingBanner(page)), WAIT)
      .toContain('Watching the loaded model “constant.json”');
    expect(await field(page, 'engine').textContent()).toBe('choosing…');
    await expect.poll(() => qValues(page), WAIT).toEqual(CONSTANT_Q);
    expect(await textOf(models(page))).toContain('constant.json');

    release();
    await trainerReady(page);
    // The flight carries on or has ended, and what the page says of it still names the loaded model.
    await expect
      .poll(() => textOf(page.locator('.watched')), { timeout: 60_000 })
      .toContain('the loaded model “constant.json”');
    expect(await announced(page)).not.toContain('has not started');
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('is flown by “Watch loaded model”, while “Watch greedy policy” flies the training agent, each named', async () => {
    const page = await newPage();
    const { errors } = await openIn(page, '?maxEpisodeSteps=150');
    await page.getByLabel('Load model').setInputFiles(constant);
    await expect
      .poll(() => textOf(watchingBanner(page)), WAIT)
      .toContain('Watching the loaded model “constant.json”');
    await expect.poll(() => qValues(page), WAIT).toEqual(CONSTANT_Q);
    await watchingBanner(page).waitFor({ state: 'detached', timeout: 60_000 });

    await page.getByRole('button', { name: 'Watch greedy policy' }).click();
    await expect
      .poll(() => textOf(watchingBanner(page)), WAIT)
      .toContain('Watching the greedy policy of the training agent');
    // Nothing on the page says the loaded model flies, and the Q-values are not the loaded network's.
    expect(await announced(page)).not.toMatch(/[Ww]atching the loaded/);
    expect(await qValues(page)).not.toEqual(CONSTANT_Q);
    await watchingBanner(page).waitFor({ state: 'detached', timeout: 60_000 });
    expect(await textOf(page.locator('.watched'))).toContain('the training agent');

    await models(page).getByRole('button', { name: 'Watch loaded model' }).click();
    await expect
      .poll(() => textOf(watchingBanner(page)), WAIT)
      .toContain('Watching the loaded model “constant.json”');
    await expect.poll(() => qValues(page), WAIT).toEqual(CONSTANT_Q);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});

describe('continuing training from a loaded model', () => {
  it('uses the model’s own settings when asked, says so, and the controls and address show them', async () => {
    const page = await newPage();
    const { errors } = await openIn(page);
    expect(await page.getByLabel('Loss', { exact: true }).inputValue()).toBe('mse');
    await page
      .getByLabel('After loading')
      .selectOption({ label: 'then continue training with its own settings' });
    await page.getByLabel('Load model').setInputFiles(fastModel);
    await expect
      .poll(() => textOf(models(page)), WAIT)
      .toContain('Training goes on from fast-small.json (trained 321 episodes) with its own settings (fast');
    const said = await textOf(models(page));
    expect(said).toContain('the replay memory starts empty');
    expect(said).toContain(`ε starts at its minimum, ${PRESETS.fast.config.epsilonMin}`);
    expect(await page.getByLabel('Loss', { exact: true }).inputValue()).toBe('huber');
    expect(await page.getByLabel('Learning rate value').inputValue()).toBe('0.002');
    expect(await page.getByLabel('First hidden layer value').inputValue()).toBe('24');
    expect(await field(page, 'learningRate').textContent()).toBe('0.002');
    const address = new URL(page.url()).searchParams;
    expect(address.get('preset') ?? '').toBe('fast');
    expect(address.get('hidden1')).toBe('24');
    await trainFast(page);
    await expect.poll(() => number(page, 'updates'), { timeout: 60_000 }).toBeGreaterThan(10);
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);

  it('uses the page’s settings when asked, or when the model carries none, and says which', async () => {
    const page = await newPage();
    const { errors } = await openIn(page);
    const after = page.getByLabel('After loading');
    await after.selectOption({ label: 'then continue training with this page’s settings' });
    await page.getByLabel('Load model').setInputFiles(fastModel);
    await expect
      .poll(() => textOf(models(page)), WAIT)
      .toContain(
        'Training goes on from fast-small.json (trained 321 episodes) with this page’s settings (lab',
      );
    expect(await textOf(models(page))).toContain('the replay memory starts empty');
    expect(await page.getByLabel('Loss', { exact: true }).inputValue()).toBe('mse');
    expect(await page.getByLabel('Learning rate value').inputValue()).toBe('0.001');
    expect(await page.getByLabel('First hidden layer value').inputValue()).toBe('24');

    await after.selectOption({ label: 'then continue training with its own settings' });
    await page.getByLabel('Load model').setInputFiles(bare);
    await expect.poll(() => textOf(models(page)), WAIT).toContain('bare.json carries no training settings');
    expect(await textOf(models(page))).toContain('with this page’s settings (lab');
    expect(await page.getByLabel('Loss', { exact: true }).inputValue()).toBe('mse');
    expect(errors).toEqual([]);
    await page.close();
  }, 180_000);
});

describe('a refused model file', () => {
  it('is reported beside the Models panel, in view', async () => {
    const page = await newPage();
    await openIn(page);
    await models(page).scrollIntoViewIfNeeded();
    const broken = join(files, 'broken.json');
    writeFileSync(broken, 'this is not json');
    await page.getByLabel('Load model').setInputFiles([broken, constant[1]]);
    const alert = models(page).getByRole('alert');
    await expect
      .poll(() => textOf(alert), WAIT)
      .toContain('broken.json was not loaded: the model description is not JSON');
    const inView = await alert.evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    expect(inView).toBe(true);

    await page.getByLabel('Load model').setInputFiles([constant[0]]);
    await expect.poll(() => textOf(alert), WAIT).toContain('Choose both files');
    await page.close();
  }, 120_000);
});
