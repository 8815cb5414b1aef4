/**
 * The flight page in a real headless Chromium: it loads cleanly, draws the moon, and flies from the keyboard
 * and from a touch screen's engine buttons; its status card and outcome stay whole and off the moon.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { appUrl, chromiumForThisFile, watch } from './harness';
import type { Watched } from './harness';

const browser = chromiumForThisFile();
let page: Page;
let watched: Watched;

const status = (label: string) =>
  page.getByRole('region', { name: 'Flight status' }).locator('dt', { hasText: label }).locator('+ dd');

beforeAll(async () => {
  page = await browser().newPage({ viewport: { width: 1200, height: 800 } });
  watched = watch(page);
  await page.goto(`${appUrl}?mode=fly`);
}, 120_000);

describe('the flight page', () => {
  it('loads with no console errors and no request outside its origin', async () => {
    await expect.poll(() => status('Step').textContent()).not.toBe('0');
    expect(watched.errors).toEqual([]);
    expect(watched.foreign).toEqual([]);
  });

  it('draws the moon and lander on a labelled canvas', async () => {
    const canvas = page.getByRole('img', { name: /Lunar Lander/ }).or(page.locator('canvas[aria-label]'));
    await expect.poll(() => canvas.count()).toBe(1);
    // The bottom of the canvas is moon (light), the top is sky (dark).
    const [bottom, top] = await page.evaluate(() => {
      const c = document.querySelector('canvas')!;
      const ctx = c.getContext('2d')!;
      const px = (x: number, y: number) => Array.from(ctx.getImageData(x, y, 1, 1).data.slice(0, 3));
      return [px(c.width / 2, c.height - 2), px(c.width * 0.05, 2)];
    });
    expect(Math.min(...bottom)).toBeGreaterThan(180);
    expect(Math.max(...top)).toBeLessThan(60);
  });

  it('flies from the keyboard: the main engine slows the fall, and the episode ends with an outcome', async () => {
    await page.keyboard.press('r');
    await expect.poll(() => status('Step').textContent()).not.toBe('0');
    const vy = () => page.getByRole('row', { name: /s3 vy/ }).locator('td').textContent().then(Number);
    await page.keyboard.down('ArrowUp');
    await page.waitForTimeout(1500);
    const climbing = await vy();
    await page.keyboard.up('ArrowUp');
    expect(climbing).toBeGreaterThan(0); // full main engine beats lunar gravity
    await expect.poll(() => status('Outcome').textContent(), { timeout: 30_000 }).not.toBe('flying');
    await expect(page.getByRole('status').textContent()).resolves.toMatch(/Return -?\d/);
  });

  it('a bad ?seed= is named in a clear message and a random moon flies instead', async () => {
    await page.goto(`${appUrl}?mode=fly&seed=moon`);
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toMatch(/seed “moon” .* not a whole number/);
    await expect.poll(() => status('Step').textContent()).not.toBe('0');
  });

  it('?seed=1 flies Gymnasium’s seed 1, and the autopilot lands it', async () => {
    await page.goto(`${appUrl}?mode=fly&seed=1`);
    await expect.poll(() => status('Seed').textContent()).toBe('1');
    await page.getByLabel(/Autopilot/).check();
    await expect.poll(() => status('Outcome').textContent(), { timeout: 30_000 }).toBe('landed');
    expect(Number(await status('Return').textContent())).toBeGreaterThan(200);
  });
});

/** The observation's vertical speed, s3, as the table shows it. */
const verticalSpeed = (on: Page) =>
  on.getByRole('row', { name: /s3 vy/ }).locator('td').textContent().then(Number);

describe('the flight page on a touch screen', () => {
  it('fires the main engine while its button is held, by touch or by key, and stops when let go', async () => {
    const context = await browser().newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const touch = await context.newPage();
    const seen = watch(touch);
    await touch.goto(`${appUrl}?mode=fly`);
    const main = touch.getByRole('button', { name: 'Main engine' });
    await main.waitFor();
    const box = (await main.boundingBox())!;
    const finger = { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    const cdp = await context.newCDPSession(touch);
    // A new flight from the top: the first began at page load, and on a slow start it may be near the
    // ground already, where a burst of the engine lands it and the speed stops changing.
    await touch.getByRole('button', { name: 'Restart' }).tap();
    // A finger down and held, then lifted, as the phone's touch screen sends it.
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [finger] });
    // Full main engine beats lunar gravity: the fall turns into a climb.
    await expect.poll(() => verticalSpeed(touch), { timeout: 5_000 }).toBeGreaterThan(0.1);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    const released = await verticalSpeed(touch);
    // Let go, the engine stops and gravity takes over (−1.3 per second in this unit).
    await expect.poll(() => verticalSpeed(touch), { timeout: 5_000 }).toBeLessThan(released - 0.5);

    // The same button from the keyboard: Space held on it fires, released stops.
    await touch.getByRole('button', { name: 'Restart' }).tap();
    await main.focus();
    await touch.keyboard.down(' ');
    await expect.poll(() => verticalSpeed(touch), { timeout: 5_000 }).toBeGreaterThan(0.1);
    await touch.keyboard.up(' ');
    const up = await verticalSpeed(touch);
    await expect.poll(() => verticalSpeed(touch), { timeout: 5_000 }).toBeLessThan(up - 0.5);

    for (const side of ['Left engine', 'Right engine'])
      expect(await touch.getByRole('button', { name: side }).count()).toBe(1);
    expect(seen.errors).toEqual([]);
    await context.close();
  });

  it('says how to fly again by touch when the episode ends, and Restart flies a new moon', async () => {
    const context = await browser().newContext({
      viewport: { width: 390, height: 844 },
      isMobile: true,
      hasTouch: true,
    });
    const touch = await context.newPage();
    await touch.goto(`${appUrl}?mode=fly&seed=1`);
    // Untouched, the lander falls and crashes.
    const outcome = touch.getByRole('status').filter({ hasText: /Return -?\d/ });
    await outcome.waitFor({ timeout: 30_000 });
    const said = (await outcome.textContent())!;
    expect(said).toMatch(/Restart/);
    expect(said).not.toMatch(/Press R/);
    await touch.getByRole('button', { name: 'Restart' }).tap();
    const flying = touch.getByRole('region', { name: 'Flight status' });
    await expect.poll(() => flying.locator('dt:text("Outcome") + dd').textContent()).toBe('flying');
    expect(await flying.locator('dt:text("Seed") + dd').textContent()).not.toBe('1');
    await context.close();
  });
});

describe('the flight page’s layout', () => {
  it('shows the whole status card at 1440 × 900', async () => {
    const wide = await browser().newPage({ viewport: { width: 1440, height: 900 } });
    await wide.goto(`${appUrl}?mode=fly`);
    const card = wide.getByRole('region', { name: 'Flight status' });
    await card.waitFor();
    const cut = await card.evaluate((section) => {
      const box = section.getBoundingClientRect();
      const cut: string[] = [];
      if (box.right > document.documentElement.clientWidth) cut.push(`the card ends at ${box.right}`);
      const list = section.querySelector('dl')!;
      if (list.scrollWidth > list.clientWidth)
        cut.push(`its list is ${list.scrollWidth} px wide in ${list.clientWidth}`);
      for (const item of section.querySelectorAll('dt, dd'))
        if (item.getBoundingClientRect().right > box.right)
          cut.push(`${item.textContent} ends at ${item.getBoundingClientRect().right}`);
      return cut;
    });
    expect(cut).toEqual([]);
    expect(
      await wide.evaluate(
        () => document.scrollingElement!.scrollWidth <= document.scrollingElement!.clientWidth,
      ),
    ).toBe(true);
    await wide.close();
  });

  for (const [screen, viewport] of [
    ['a wide screen', { width: 1440, height: 900 }],
    ["a phone's screen", { width: 390, height: 844 }],
  ] as const)
    it(`shows the outcome beside the moon, not over it, on ${screen}`, async () => {
      const shown = await browser().newPage({ viewport });
      await shown.goto(`${appUrl}?mode=fly&seed=1`);
      const outcome = shown.getByRole('status').filter({ hasText: /Return -?\d/ });
      await outcome.waitFor({ timeout: 30_000 });
      const canvas = shown.getByRole('img', { name: /Lunar Lander/ });
      const covering = await canvas.evaluate((moon) => {
        const r = moon.getBoundingClientRect();
        const found: string[] = [];
        for (const fx of [0.05, 0.25, 0.5, 0.75, 0.95])
          for (const fy of [0.05, 0.25, 0.5, 0.75, 0.95]) {
            const top = document.elementFromPoint(r.left + fx * r.width, r.top + fy * r.height);
            if (top !== moon) found.push(`${top?.className || top?.tagName} at (${fx}, ${fy})`);
          }
        return found;
      });
      expect(covering).toEqual([]);
      // And it is on screen, not pushed below it.
      const box = (await outcome.boundingBox())!;
      expect(box.y + box.height).toBeLessThanOrEqual(viewport.height);
      await shown.close();
    });
});
