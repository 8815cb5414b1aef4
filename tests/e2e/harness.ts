/**
 * What the browser tests share: the served app's address, the playground's status fields, opening a page
 * that records what went wrong on it, and training until some episode.
 */
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, inject } from 'vitest';
import { launchBrowser } from './browser';

/** One Chromium for a test file: launched before its tests, closed after them; call at the file's top. */
export function chromiumForThisFile(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}

/** The app built and served once for the run (tests/e2e/servedApp.ts). */
export const appUrl = inject('appUrl');

/** How long a page may take to show what a test waits for, where start-up is not part of it. */
export const WAIT = { timeout: 30_000 };

/** A field of the playground's status (`data-field`), e.g. episode, state or engine. */
export const field = (page: Page, name: string) =>
  page.getByRole('region', { name: 'Training status' }).locator(`[data-field="${name}"]`);

/** A status field read as a number. */
export const number = async (page: Page, name: string) => Number(await field(page, name).textContent());

/** Text of every match, without waiting for one to exist (expect.poll does the waiting). */
export const textOf = (locator: Locator) => locator.allTextContents().then((t) => t.join(' '));

/** Waits for the trainer to start and time its engine: up to 90 s, as start-up is slow on a busy machine. */
export async function trainerReady(page: Page): Promise<void> {
  await expect.poll(() => field(page, 'engine').textContent(), { timeout: 90_000 }).toMatch(/µs per update/);
}

export interface Watched {
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** Requests that left the page's origin (data: and blob: addresses are the page's own). */
  foreign: string[];
}

/** Starts recording `page`'s errors and foreign requests; call it before the page loads anything. */
export function watch(page: Page): Watched {
  const watched: Watched = { errors: [], foreign: [] };
  const origin = new URL(appUrl).origin;
  page.on('console', (m) => m.type() === 'error' && watched.errors.push(m.text()));
  page.on('pageerror', (e) => watched.errors.push(String(e)));
  page.on('request', (r) => {
    const u = r.url();
    if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) watched.foreign.push(u);
  });
  return watched;
}

export interface Opened extends Watched {
  page: Page;
}

/**
 * Loads the app with `query` in `page`, watched; on the playground, waits for the trainer (the flight
 * page and the lesson have none).
 */
export async function openIn(page: Page, query = ''): Promise<Opened> {
  const watched = watch(page);
  await page.goto(`${appUrl}${query}`);
  const mode = new URLSearchParams(query).get('mode');
  if (mode !== 'fly' && mode !== 'learn') await trainerReady(page);
  return { page, ...watched };
}

/** A new page in `context` (pages of one context share its IndexedDB), opened as openIn does. */
export async function open(context: BrowserContext, query = ''): Promise<Opened> {
  return openIn(await context.newPage(), query);
}

/** At maximum speed, press Start. */
export async function trainFast(page: Page): Promise<void> {
  await page.getByLabel('Speed').selectOption({ label: 'Maximum' });
  await page.getByRole('button', { name: 'Start' }).click();
}

/** Trains at maximum speed until the episode count passes `episodes`, and leaves it training. */
export async function trainPast(page: Page, episodes: number): Promise<void> {
  await trainFast(page);
  await expect.poll(() => number(page, 'episode'), { timeout: 90_000 }).toBeGreaterThan(episodes);
}

/** Runs one of the fault drills the playground exposes (src/ui/playground/trainingStore.ts). */
export const drill = (page: Page, name: 'injectNaN' | 'killWorker' | 'loseContext') =>
  page.evaluate((n) => {
    const drills = (globalThis as unknown as { landerLabDrills: () => Record<string, () => unknown> })
      .landerLabDrills;
    return drills()[n]();
  }, name);
