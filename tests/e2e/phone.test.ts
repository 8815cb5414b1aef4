/**
 * A phone's screen (390 × 844, touch) in a real headless Chromium: no page scrolls sideways, whatever it
 * shows; and the playground keeps the lander on screen together with the curves, the live settings or the
 * insight, one tab of them at a time, so that a change and its effect are seen at once.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { PRESETS } from '../../src/config/presets';
import { historyCsv } from '../../src/train/runs/history';
import { chromiumForThisFile, open, textOf, trainPast, WAIT } from './harness';

const browser = chromiumForThisFile();
const files = mkdtempSync(join(tmpdir(), 'lander-lab-phone-'));

afterAll(() => rmSync(files, { recursive: true, force: true }));

const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/** What sticks out on the right when the page scrolls sideways; nothing when it does not. */
function sideways(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const root = document.scrollingElement!;
    if (root.scrollWidth <= root.clientWidth) return [];
    return [
      `the page is ${root.scrollWidth} px wide in ${root.clientWidth}`,
      ...[...document.querySelectorAll('body *')]
        .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 0.5)
        .slice(0, 8)
        .map(
          (e) =>
            `${e.tagName.toLowerCase()}.${e.className} ends at ${Math.round(e.getBoundingClientRect().right)}`,
        ),
    ];
  });
}

/** Whether `what` is wholly inside the window and on top at its centre (not under the stuck lander). */
async function inView(page: Page, what: Locator): Promise<string> {
  const box = await what.boundingBox();
  if (!box) return 'not shown';
  const { height } = page.viewportSize()!;
  if (box.y < 0 || box.y + box.height > height) return `from ${box.y} to ${box.y + box.height} of ${height}`;
  const onTop = await what.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    return top === el || el.contains(top);
  });
  return onTop ? 'in view' : 'covered';
}

const lander = (page: Page) => page.getByRole('img', { name: /The lander the agent is flying/ });

describe('no sideways scrolling on a phone', () => {
  it('on the lesson, before and while its DQN learns', async () => {
    const context = await browser().newContext(PHONE);
    const { page, errors } = await open(context, '?mode=learn');
    await page.getByRole('region', { name: "The rover's world" }).waitFor();
    expect(await sideways(page)).toEqual([]);
    await page.getByRole('button', { name: 'Learn it with a DQN' }).tap();
    await page.locator('[data-field="dqn-status"]').waitFor(WAIT);
    expect(await sideways(page)).toEqual([]);
    await page.getByRole('button', { name: 'Stop' }).tap();
    expect(errors).toEqual([]);
    await context.close();
  });

  it('on the flight page', async () => {
    const context = await browser().newContext(PHONE);
    const { page, errors } = await open(context, '?mode=fly');
    await page.getByRole('region', { name: 'Flight status' }).waitFor();
    expect(await sideways(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('on the playground: every tab, trained, with a comparison and a finished sweep', async () => {
    const context = await browser().newContext(PHONE);
    // Short episodes and runs, so that the sweep below ends soon.
    const { page, errors } = await open(context, '?engine=kernel&maxEpisodes=5&maxEpisodeSteps=60');
    expect(await sideways(page)).toEqual([]);
    await trainPast(page, 2);
    for (const tab of ['Curves', 'Settings', 'Insight', 'Runs']) {
      await page.getByRole('tab', { name: tab }).tap();
      expect(await sideways(page), tab).toEqual([]);
    }

    // The Runs tab: a command-line run imported into a comparison, and a sweep of one short trial.
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
    writeFileSync(join(files, 'config.json'), JSON.stringify({ preset: 'fast', ...PRESETS.fast.config }));
    writeFileSync(join(files, 'history.csv'), historyCsv(reports));
    await page
      .getByLabel(/^Import a command-line run/)
      .setInputFiles([join(files, 'config.json'), join(files, 'history.csv')]);
    await page.getByRole('region', { name: 'Comparison' }).waitFor(WAIT);
    expect(await sideways(page), 'comparison').toEqual([]);
    const sweep = page.getByRole('region', { name: 'Sweep' });
    await sweep.getByLabel('Sweep seeds').fill('0');
    await sweep.getByRole('button', { name: 'Run sweep' }).tap();
    await expect
      .poll(() => textOf(sweep.locator('[data-field="sweep-status"]')), { timeout: 120_000 })
      .toBe('done · 1/1 done · 0 running');
    await sweep.getByRole('table', { name: 'Sweep ranking' }).waitFor();
    expect(await sideways(page), 'sweep').toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  }, 240_000);
});

describe('the playground on a phone', () => {
  it('keeps the lander in view with the γ slider, the return curve and the Q-network, each a tap away', async () => {
    const context = await browser().newContext(PHONE);
    const { page, errors } = await open(context, '?engine=kernel');
    for (const [tab, what] of [
      ['Settings', page.getByRole('slider', { name: 'Discount γ' })],
      ['Curves', page.getByRole('img', { name: /^Chart of return and mean of last 100/ })],
      ['Insight', page.getByRole('figure', { name: 'Q-network' })],
      ['Settings', page.getByRole('slider', { name: 'Learning rate' })],
    ] as const) {
      await page.getByRole('tab', { name: tab }).tap();
      // Where it is not in view at once, a scroll brings it; the lander stays.
      await what.scrollIntoViewIfNeeded();
      expect(await inView(page, what), tab).toBe('in view');
      expect(await inView(page, lander(page)), `the lander, with ${tab}`).toBe('in view');
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('moves between the tabs with the arrow keys, as tabs do', async () => {
    const context = await browser().newContext(PHONE);
    const { page } = await open(context, '?engine=kernel');
    const tab = (name: string) => page.getByRole('tab', { name });
    await tab('Curves').focus();
    await page.keyboard.press('ArrowRight');
    expect(await tab('Settings').getAttribute('aria-selected')).toBe('true');
    expect(await tab('Settings').evaluate((el) => el === document.activeElement)).toBe(true);
    expect(
      await page.getByRole('tabpanel', { name: 'Settings' }).getByRole('slider').count(),
    ).toBeGreaterThan(5);
    expect(await page.getByRole('region', { name: 'Training status' }).count()).toBe(0);
    await page.keyboard.press('End');
    expect(await tab('Runs').getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('ArrowRight');
    expect(await tab('Curves').getAttribute('aria-selected')).toBe('true');
    // One stop for the row: Tab leaves it for the panel.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('tabpanel');
    await context.close();
  });
});
