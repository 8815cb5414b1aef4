/**
 * A trained lander in a link: Share model copies a link whose fragment carries the settings and weights;
 * opened in a fresh browser profile it flies that model on the flight page with no input, shows what it
 * is and its Q-values, and Continue training opens the playground with its settings and weights. A damaged
 * or foreign fragment is refused with a sentence, and the person flies instead.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parameterCount } from '../../src/agent/networkShape';
import { defaultConfig } from '../../src/config/hyperparameters';
import { makeModelLink, MAX_LINK_CHARS, readModelLink, shapeOf } from '../../src/train/runs/modelLink';
import { appUrl, chromiumForThisFile, field, number, open, textOf, trainFast, WAIT, watch } from './harness';

const browser = chromiumForThisFile();
const VIEWPORT = { viewport: { width: 1300, height: 900 } };

const flightStatus = (page: Page, label: string) =>
  page.getByRole('region', { name: 'Flight status' }).locator('dt', { hasText: label }).locator('+ dd');
const sharedModel = (page: Page) => page.getByRole('region', { name: 'Shared model' });
const qValues = (page: Page) => sharedModel(page).locator('td.value').allTextContents();
const steps = async (page: Page) => Number(await flightStatus(page, 'Step').textContent());

describe('sharing a trained lander', () => {
  it('Share copies a link that flies it in a fresh profile, and Continue training trains on from it', async () => {
    const sharer = await browser().newContext({
      ...VIEWPORT,
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const { page, errors } = await open(sharer, '?gamma=0.98&hidden1=48&maxEpisodeSteps=300');
    await trainFast(page);
    await expect.poll(() => number(page, 'episode'), { timeout: 90_000 }).toBeGreaterThan(8);
    await page.getByRole('button', { name: 'Pause' }).click();
    // The count once the pause has landed: the worker may end a few more episodes before it reads Pause.
    await expect.poll(() => field(page, 'state').textContent(), WAIT).toBe('paused');
    const episodes = await number(page, 'episode');
    await page.getByRole('button', { name: 'Share model', exact: true }).click();
    const models = page.getByRole('region', { name: 'Models' });
    await expect
      .poll(() => textOf(models.getByRole('status')), WAIT)
      .toContain('Copied a link that flies it');
    expect(await textOf(models)).toContain(
      `The latest model of a run (48-64 network, trained ${episodes} episodes)`,
    );
    const link = await page.getByLabel('Share link').inputValue();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    expect(link.startsWith(`${appUrl}?mode=fly#model=v1.`)).toBe(true);
    expect(link.length).toBeLessThanOrEqual(MAX_LINK_CHARS);
    console.log(`share link for the page's 48-64 network: ${link.length} characters`);
    // What the link carries is what the page trains with.
    const carried = await readModelLink(new URL(link).hash);
    if (carried.kind !== 'model') throw new Error(JSON.stringify(carried));
    expect(carried.model.config).toMatchObject({
      gamma: 0.98,
      hidden1: 48,
      hidden2: 64,
      maxEpisodeSteps: 300,
    });
    expect(carried.model.episodes).toBe(episodes);
    expect(errors).toEqual([]);

    // A fresh profile: no storage, no run, nothing but the link.
    const friend = await browser().newContext(VIEWPORT);
    const opened = await friend.newPage();
    const watched = watch(opened);
    await opened.goto(link);
    await expect
      .poll(() => textOf(sharedModel(opened)), WAIT)
      .toContain(`The latest model of a run (48-64 network, trained ${episodes} episodes)`);
    expect(await textOf(sharedModel(opened))).toContain('γ 0.98');
    // It flies with no input: the steps go on, the Q-values change, and no engine buttons are offered.
    await expect.poll(() => steps(opened), WAIT).toBeGreaterThan(20);
    const before = await qValues(opened);
    expect(before.every((v) => /^-?\d+\.\d\d$/.test(v))).toBe(true);
    await expect.poll(() => qValues(opened), WAIT).not.toEqual(before);
    expect(await opened.getByRole('button', { name: 'Main engine' }).count()).toBe(0);
    expect(await opened.getByLabel(/Autopilot/).isVisible()).toBe(false);

    await sharedModel(opened).getByRole('button', { name: 'Continue training' }).click();
    await expect
      .poll(() => textOf(opened.getByRole('region', { name: 'Models' })), { timeout: 90_000 })
      .toContain(
        `Training goes on from the shared model (trained ${episodes} episodes) with its own settings`,
      );
    expect(await opened.getByLabel('Discount γ value').inputValue()).toBe('0.98');
    expect(await opened.getByLabel('First hidden layer value').inputValue()).toBe('48');
    expect(await opened.getByLabel('Second hidden layer value').inputValue()).toBe('64');
    // ε starts at its minimum: the model has explored already.
    expect(await opened.getByLabel('Exploration ε value').inputValue()).toBe('0.01');
    const address = new URL(opened.url());
    expect(address.searchParams.get('gamma')).toBe('0.98');
    expect(address.hash).toBe('');
    await trainFast(opened);
    await expect.poll(() => number(opened, 'updates'), { timeout: 60_000 }).toBeGreaterThan(10);
    expect(await field(opened, 'epsilon').textContent()).toMatch(/^0\.01/);
    expect(watched.errors).toEqual([]);
    expect(watched.foreign).toEqual([]);
    await sharer.close();
    await friend.close();
  }, 300_000);

  it('flies exactly the network in the link: constant Q-values 4, 3, 2, 1 do nothing, and the lander falls', async () => {
    const config = { ...defaultConfig(), hidden1: 8, hidden2: 8 };
    const weights = new Float32Array(parameterCount(shapeOf(config)));
    weights.set([4, 3, 2, 1], weights.length - 4);
    const made = await makeModelLink(
      { config, weights, which: 'best', episodes: 3, evaluation: null },
      appUrl,
    );
    if (!made.ok) throw new Error(made.reason);
    const context = await browser().newContext(VIEWPORT);
    const page = await context.newPage();
    const { errors } = watch(page);
    await page.goto(made.link);
    await expect.poll(() => qValues(page), WAIT).toEqual(['4.00', '3.00', '2.00', '1.00']);
    expect(await sharedModel(page).locator('tr[aria-current="true"] th').textContent()).toBe('nothing');
    expect(await textOf(sharedModel(page))).toContain(
      'The best model of a run (8-8 network, trained 3 episodes).',
    );
    // No engine fires: it falls until it hits the moon.
    await expect
      .poll(() => flightStatus(page, 'Outcome').textContent(), { timeout: 30_000 })
      .not.toBe('flying');
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);
});

describe('a fragment that is not a model link', () => {
  for (const [what, hash, sentence] of [
    [
      'a damaged link',
      '#model=v1.eJzLyMzPSlXISM3JyVcozy_KSQ',
      /This model link is damaged: .*\(was it cut short or changed when it was copied\?\)\./,
    ],
    [
      'a foreign fragment',
      '#section-2',
      /The address ends in “#section-2”, which is not a Lander Lab model link/,
    ],
    ['an unknown format', '#model=v9.AAAA', /This model link is in format v9, which this page cannot read/],
  ] as const) {
    it(`is refused with a sentence for ${what}, and the person flies`, async () => {
      const context = await browser().newContext(VIEWPORT);
      const page = await context.newPage();
      const { errors } = watch(page);
      await page.goto(`${appUrl}?mode=fly${hash}`);
      await expect.poll(() => textOf(page.getByRole('alert')), WAIT).toMatch(sentence);
      expect(await textOf(page.getByRole('alert'))).toContain('You fly the lander yourself.');
      await expect.poll(() => steps(page), WAIT).toBeGreaterThan(0);
      expect(await page.getByRole('button', { name: 'Main engine' }).count()).toBe(1);
      expect(await sharedModel(page).count()).toBe(0);
      expect(errors).toEqual([]);
      await context.close();
    }, 120_000);
  }
});
