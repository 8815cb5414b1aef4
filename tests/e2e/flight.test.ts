/** The first page in a real headless Chromium: it loads cleanly, draws the moon, and flies from the keyboard. */
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
