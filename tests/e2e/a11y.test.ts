/**
 * Accessibility in headless Chromium: axe (WCAG 2.x A and AA rules) over the playground in its states,
 * the flight page and every panel on them, whatever panels the page has; the main controls used with
 * the keyboard alone; and a phone's width (390 px): no sideways scrolling, the lander and the curves
 * fit, and touch targets of at least 24 px, on every tab of the playground and on the flight page.
 */
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumForThisFile, drill, field, number, open, trainPast, WAIT } from './harness';

const browser = chromiumForThisFile();

/** Serious and critical violations on the page, each named with the panel (labelled region) it is in. */
async function violations(page: Page): Promise<string[]> {
  // Collapsed content is content too.
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'])
    .analyze();
  const found: string[] = [];
  for (const v of results.violations) {
    if (v.impact !== 'serious' && v.impact !== 'critical') continue;
    for (const node of v.nodes) {
      const target = node.target.join(' ');
      const panel = await page
        .locator(String(node.target[0]))
        .first()
        .evaluate((el) => el.closest('[aria-label]')?.getAttribute('aria-label') ?? 'page')
        .catch(() => 'page');
      found.push(
        `${v.id} (${v.impact}) in “${panel}” at ${target}: ${node.failureSummary?.split('\n')[1] ?? v.help}`,
      );
    }
  }
  return found;
}

/** The labelled panels (regions) the page has now: whatever other work has added. */
const panels = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('section[aria-label], [role="region"][aria-label]')].map((s) =>
      s.getAttribute('aria-label')!,
    ),
  );

/** The tabs a narrow playground shows its panels under (PanelTabs.tsx). */
const TABS = ['Curves', 'Settings', 'Insight', 'Runs'];

/** Scans the page as it is now, naming the state; returns the panels it had. */
async function scan(page: Page, state: string): Promise<string[]> {
  const found = await violations(page);
  const had = await panels(page);
  console.log(`axe, ${state}: ${had.length} panels (${had.join(', ')}), ${found.length} serious or critical`);
  expect(found, state).toEqual([]);
  return had;
}

describe('axe finds no serious or critical violation', () => {
  it('on the playground: fresh, trained with saved runs, with messages, a field error, the resume offer and the crash panel', async () => {
    const context = await browser().newContext({ viewport: { width: 1300, height: 900 } });
    // A bad setting in the address: the page shows its notice.
    const { page } = await open(context, '?maxEpisodeSteps=80&gamma=7');
    const fresh = await scan(page, 'fresh, with a notice');
    for (const panel of [
      'Training controls',
      'Training status',
      'Runs',
      'Hyperparameters',
      'Training curves',
    ]) {
      expect(fresh).toContain(panel);
    }
    await trainPast(page, 26);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect
      .poll(() => page.getByRole('region', { name: 'Runs' }).textContent(), WAIT)
      .toContain('Saved at');
    const value = page.getByLabel('Learning rate value');
    await value.fill('fast');
    await value.press('Enter');
    await expect.poll(() => page.getByRole('alert').count(), WAIT).toBeGreaterThan(0);
    await scan(page, 'trained, saved, with a field error');
    await page.close();

    const { page: again } = await open(context);
    await again.getByRole('button', { name: 'Resume last run' }).waitFor(WAIT);
    await scan(again, 'offering to resume');
    await drill(again, 'killWorker');
    await again.getByRole('button', { name: 'Restart training' }).waitFor(WAIT);
    await scan(again, 'after the worker died');
    await context.close();
  });

  it('on the flight page', async () => {
    const context = await browser().newContext({ viewport: { width: 1300, height: 900 } });
    const { page } = await open(context, '?mode=fly');
    await page.getByRole('region', { name: 'Flight status' }).waitFor(WAIT);
    // The engine buttons and Restart are among what is scanned.
    const buttons = page.getByRole('group', { name: 'Flight controls' }).getByRole('button');
    expect(await buttons.allTextContents()).toEqual([
      expect.stringContaining('Left engine'),
      expect.stringContaining('Main engine'),
      expect.stringContaining('Right engine'),
      'Restart',
    ]);
    await scan(page, 'flight page');
    await context.close();
  });

  it('at a phone’s width, on both pages and every tab of the playground', async () => {
    const context = await browser().newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const { page } = await open(context);
    for (const tab of TABS) {
      await page.getByRole('tab', { name: tab }).tap();
      await scan(page, `playground at 390 px, ${tab}`);
    }
    await scan((await open(context, '?mode=fly')).page, 'flight page at 390 px');
    await context.close();
  });
});

/** Presses Tab until the focused element is `target`; fails after `limit` presses. */
async function tabTo(page: Page, target: Locator, limit = 200): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await page.keyboard.press('Tab');
    if (await target.evaluate((el) => el === document.activeElement)) {
      // Where the focus is must show.
      expect(await target.evaluate((el) => getComputedStyle(el).outlineStyle)).not.toBe('none');
      return presses;
    }
  }
  throw new Error(`${String(target)} was not reached in ${limit} presses of Tab`);
}

describe('the keyboard alone', () => {
  it('reaches and works Start, the speed, Download model and a slider', async () => {
    const context = await browser().newContext({
      viewport: { width: 1300, height: 900 },
      acceptDownloads: true,
    });
    const { page } = await open(context, '?maxEpisodeSteps=80');
    await page.locator('body').click({ position: { x: 1, y: 1 } });

    // Before the run, where ε shows the value a run starts from (while one trains it shows the live ε).
    const slider = page.getByRole('slider', { name: 'Exploration ε' });
    await tabTo(page, slider);
    const epsilon = page.getByLabel('Exploration ε value');
    expect(await epsilon.inputValue()).toBe('1');
    // One press moves one step of the table (0.01), not a thousandth of the range that rounds back to 1.
    await page.keyboard.press('ArrowLeft');
    await expect.poll(() => epsilon.inputValue(), WAIT).toBe('0.99');
    await page.keyboard.press('PageDown');
    await expect.poll(() => epsilon.inputValue(), WAIT).toBe('0.89');
    // An integer on a log scale, where one position rounds back to the same number.
    const batch = page.getByRole('slider', { name: 'Mini-batch size' });
    await tabTo(page, batch);
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByLabel('Mini-batch size value').inputValue(), WAIT).toBe('65');

    // From the top of the page again: Start comes before the settings.
    await page.locator('body').click({ position: { x: 1, y: 1 } });
    const start = page.getByRole('button', { name: 'Start' });
    await tabTo(page, start);
    await page.keyboard.press('Enter');
    await expect.poll(() => field(page, 'state').textContent(), WAIT).toBe('running');

    const speed = page.getByLabel('Speed');
    await tabTo(page, speed);
    const before = await speed.inputValue();
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => speed.inputValue(), WAIT).not.toBe(before);
    await expect.poll(() => number(page, 'episode'), { timeout: 90_000 }).toBeGreaterThan(0);

    const downloadButton = page.getByRole('button', { name: 'Download model' });
    await tabTo(page, downloadButton);
    const downloads: string[] = [];
    page.on('download', (d) => downloads.push(d.suggestedFilename()));
    await page.keyboard.press('Enter');
    await expect
      .poll(() => downloads.sort(), WAIT)
      .toEqual(['lunar-lander-dqn.json', 'lunar-lander-dqn.weights.bin']);

    await context.close();
  });
});

describe('a phone’s width (390 px)', () => {
  it('scrolls only up and down, fits the lander and the curves, and has touch targets of 24 px or more', async () => {
    const context = await browser().newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const { page } = await open(context, '?maxEpisodeSteps=80');
    const width = await page.evaluate(() => document.documentElement.clientWidth);
    expect(width).toBe(390);
    const overflowing = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
          .map(
            (e) =>
              `${e.tagName.toLowerCase()}.${e.className} ends at ${Math.round(e.getBoundingClientRect().right)}`,
          ),
      );
    /** Controls shown now that are smaller than 24 × 24 px. */
    const small = (on: Page) =>
      on.evaluate(() =>
        [...document.querySelectorAll('button, input, select, a[href], summary')]
          .map((e) => ({ e, r: e.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && (r.width < 24 || r.height < 24))
          .map(
            ({ e, r }) =>
              `${e.getAttribute('aria-label') ?? e.textContent} is ${Math.round(r.width)}×${Math.round(r.height)}`,
          ),
      );

    for (const tab of TABS) {
      await page.getByRole('tab', { name: tab }).tap();
      expect(await overflowing(), tab).toEqual([]);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      // The lander view and the policy map (each a canvas.moon), and every curve, where the tab shows them.
      for (const what of [
        ...(await page.locator('canvas.moon:visible').all()),
        ...(await page.locator('.chart canvas:visible').all()),
      ]) {
        const box = (await what.boundingBox())!;
        expect(box.x).toBeGreaterThanOrEqual(0);
        expect(box.x + box.width).toBeLessThanOrEqual(width);
        expect(box.height).toBeGreaterThan(50);
      }
      expect(await small(page), tab).toEqual([]);
    }

    // Used by touch: Start, then a slider dragged with a finger would be a tap on its track.
    await page.getByRole('tab', { name: 'Curves' }).tap();
    await page.getByRole('button', { name: 'Start' }).tap();
    await expect.poll(() => field(page, 'state').textContent(), WAIT).toBe('running');
    await expect.poll(() => number(page, 'episode'), { timeout: 90_000 }).toBeGreaterThan(1);
    // With episodes drawn, the curves still fit.
    expect(await overflowing()).toEqual([]);

    // The flight page's engine buttons and Restart, held by a thumb.
    const { page: flight } = await open(context, '?mode=fly');
    await flight.getByRole('button', { name: 'Main engine' }).waitFor(WAIT);
    expect(await small(flight)).toEqual([]);
    await context.close();
  });
});
