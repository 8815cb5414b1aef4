/**
 * Storage faults, for real, in headless Chromium: a storage quota too small for the replay memory (set
 * through the DevTools protocol), IndexedDB that cannot be opened, a damaged saved run, and two tabs
 * training at once; and persistent storage asked for when the first run is saved.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { launchProfile } from './browser';
import {
  appUrl,
  chromiumForThisFile,
  field,
  number,
  open as openAt,
  textOf,
  trainPast,
  WAIT,
} from './harness';
import type { Opened } from './harness';

const browser = chromiumForThisFile();
const profiles: string[] = [];

afterAll(async () => {
  for (const dir of profiles) rmSync(dir, { recursive: true, force: true });
});

/**
 * A browser profile of its own on disk (quota and persistence apply there, not in incognito contexts),
 * whose pages count their calls to navigator.storage.persist (the browser still answers them).
 */
async function profile(): Promise<BrowserContext> {
  const dir = mkdtempSync(join(tmpdir(), 'lander-lab-profile-'));
  profiles.push(dir);
  const context = await launchProfile(dir);
  await context.addInitScript(() => {
    const storage = navigator.storage;
    const persist = storage.persist.bind(storage);
    const counted = globalThis as unknown as { persistCalls: number };
    counted.persistCalls = 0;
    storage.persist = () => {
      counted.persistCalls++;
      return persist();
    };
  });
  return context;
}

const persistCalls = (page: Page) =>
  page.evaluate(() => (globalThis as unknown as { persistCalls: number }).persistCalls);

// A tiny network: its checkpoint is a few kB, and the replay memory (70 bytes a step) is most of it.
const SMALL = '?hidden1=8&hidden2=8&maxEpisodeSteps=300';
const runsPanel = (page: Page) => page.getByRole('region', { name: 'Runs' });
/** Every page here opens on the tiny network. */
const open = (context: BrowserContext): Promise<Opened> => openAt(context, SMALL);

/** The stored runs as the page's own context reads them (it shares the worker's origin). */
const storedRuns = (page: Page) =>
  page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open('lander-lab');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const runs = await new Promise<{ id: string; episodes: number; withReplay: boolean }[]>((resolve) => {
      const request = db.transaction('runs').objectStore('runs').getAll();
      request.onsuccess = () => resolve(request.result);
    });
    db.close();
    return runs;
  });

describe('storage faults', () => {
  it('a full quota: the run is saved without its replay memory, the page says so, and it resumes with an empty one', async () => {
    const context = await profile();
    const { page, errors } = await open(context);
    // Room for the run, not for its memory of some thousands of steps (the override lives with this session).
    const cdp = await context.newCDPSession(page);
    await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(appUrl).origin, quotaSize: 60_000 });
    await trainPast(page, 26);
    await expect
      .poll(() => textOf(runsPanel(page)), WAIT)
      .toContain("without the replay memory: the browser's storage quota is full");
    await expect.poll(() => textOf(runsPanel(page)), WAIT).toContain('saved without replay memory');
    // Training goes on.
    const at = await number(page, 'episode');
    await expect.poll(() => number(page, 'episode'), WAIT).toBeGreaterThan(at);
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => field(page, 'state').textContent(), WAIT).toBe('paused');
    const paused = await number(page, 'episode');
    await expect.poll(async () => (await storedRuns(page))[0]?.episodes, WAIT).toBe(paused);
    await expect
      .poll(() => textOf(runsPanel(page)), WAIT)
      .toContain(`Saved at episode ${paused} without the replay memory`);
    const saved = await storedRuns(page);
    expect(saved).toHaveLength(1);
    expect(saved[0].withReplay).toBe(false);
    expect(errors).toEqual([]);
    await page.close();

    const { page: again } = await open(context);
    await again.getByRole('button', { name: 'Resume last run' }).click();
    await expect.poll(() => textOf(again.getByRole('status')), WAIT).toContain('with an empty replay memory');
    await expect.poll(() => number(again, 'episode'), WAIT).toBe(saved[0].episodes);
    await again.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => number(again, 'episode'), WAIT).toBeGreaterThan(saved[0].episodes);
    await context.close();
  });

  it('IndexedDB that cannot be opened: training goes on, and the page says autosave is off and why', async () => {
    const context = await browser().newContext();
    // The page itself holds the database at a newer version than this Lander Lab opens.
    const first = await context.newPage();
    await first.goto(`${appUrl}?mode=fly`);
    await first.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open('lander-lab', 7);
          request.onsuccess = () => (request.result.close(), resolve());
          request.onerror = () => reject(request.error);
        }),
    );
    await first.close();
    const { page, errors } = await open(context);
    await expect
      .poll(() => textOf(runsPanel(page)), WAIT)
      .toContain(
        'Autosave is off: IndexedDB cannot be opened: the saved runs were written by a newer Lander Lab.',
      );
    await trainPast(page, 26);
    await page.getByRole('button', { name: 'Pause' }).click();
    expect(await textOf(runsPanel(page))).not.toContain('Saved at');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a damaged saved run cannot be resumed and the page says why; the other runs are untouched', async () => {
    const context = await browser().newContext({ viewport: { width: 1300, height: 900 } });
    const { page } = await open(context);
    await trainPast(page, 26); // run A, saved at episode 25
    await expect.poll(() => textOf(runsPanel(page)), WAIT).toContain('Saved at episode');
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Reset' }).click();
    await trainPast(page, 3); // run B, saved on Pause
    await page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => field(page, 'state').textContent(), WAIT).toBe('paused');
    await expect.poll(async () => (await storedRuns(page)).length, WAIT).toBe(2);
    const runB = await number(page, 'episode');

    // From the page's own context: run A's checkpoint truncated, and a summary that is not one.
    await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve) => {
        const request = indexedDB.open('lander-lab');
        request.onsuccess = () => resolve(request.result);
      });
      const tx = db.transaction(['runs', 'checkpoints'], 'readwrite');
      const runs = tx.objectStore('runs');
      const checkpoints = tx.objectStore('checkpoints');
      const all = await new Promise<{ id: string; updated: string }[]>((resolve) => {
        const request = runs.getAll();
        request.onsuccess = () => resolve(request.result);
      });
      const oldest = all.sort((a, b) => a.updated.localeCompare(b.updated))[0];
      const request = checkpoints.get(oldest.id);
      request.onsuccess = () => {
        const cp = request.result;
        const learner = cp.trainer.learner;
        cp.trainer.learner = { ...learner, online: learner.online.subarray(0, learner.online.length >> 1) };
        checkpoints.put(cp, oldest.id);
      };
      runs.put({ id: 'junk', name: 42 });
      await new Promise((resolve) => (tx.oncomplete = resolve));
      db.close();
    });
    await page.close();

    const { page: again, errors } = await open(context);
    const panel = runsPanel(again);
    await expect.poll(() => textOf(panel), WAIT).toContain('One saved run is damaged');
    const resume = panel.getByRole('button', { name: /^Resume / });
    expect(await resume.count()).toBe(2);
    await resume.nth(1).click(); // the older: run A
    await expect
      .poll(() => textOf(again.getByRole('alert')), WAIT)
      .toMatch(
        /The run could not be resumed: the saved network does not fit this one \(\d+ parameters\)\. The current run is unchanged\./,
      );
    expect(await number(again, 'episode')).toBe(0);
    await again.getByRole('button', { name: 'Dismiss message' }).click();
    await resume.nth(0).click(); // run B
    await expect.poll(() => number(again, 'episode'), WAIT).toBe(runB);
    await again.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => number(again, 'episode'), WAIT).toBeGreaterThan(runB);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('keeping runs', () => {
  it('two tabs training at once keep two runs, and persistent storage is asked for at the first save', async () => {
    const context = await profile();
    const [a, b] = await Promise.all([open(context), open(context)]);
    // As a browser does for a site it trusts (bookmarked, installed, much used).
    await (
      await context.newCDPSession(a.page)
    ).send('Browser.grantPermissions', {
      origin: new URL(appUrl).origin,
      permissions: ['durableStorage'],
    });
    expect(await persistCalls(a.page)).toBe(0);
    // Both train at once; each tab's Pause saves its own run.
    await Promise.all([trainPast(a.page, 2), trainPast(b.page, 2)]);
    const episodes = await Promise.all(
      [a, b].map(async ({ page }) => {
        await page.getByRole('button', { name: 'Pause' }).click();
        await expect.poll(() => field(page, 'state').textContent(), WAIT).toBe('paused');
        return number(page, 'episode');
      }),
    );
    await expect
      .poll(async () => (await storedRuns(a.page)).map((r) => r.episodes).sort(), WAIT)
      .toEqual(episodes.sort());
    expect(new Set((await storedRuns(a.page)).map((r) => r.id)).size).toBe(2);
    expect(await a.page.evaluate(() => navigator.storage.persisted())).toBe(true);
    expect(await persistCalls(a.page)).toBe(1);
    for (const { page } of [a, b]) {
      await expect
        .poll(() => textOf(runsPanel(page)), WAIT)
        .toContain('Saved runs are kept until you delete them.');
    }
    await a.page.getByRole('button', { name: 'Start' }).click(); // a's next save refreshes its list
    await a.page.getByRole('button', { name: 'Pause' }).click();
    await expect.poll(() => runsPanel(a.page).locator('li').count(), WAIT).toBe(2);
    expect(await runsPanel(a.page).locator('li.current').count()).toBe(1);
    expect(a.errors).toEqual([]);
    expect(b.errors).toEqual([]);
    await context.close();
  }, 240_000); // two trainers share the CPU

  it('without the browser granting it, the Runs panel says the runs may be cleared', async () => {
    const context = await profile();
    const { page } = await open(context);
    await trainPast(page, 26);
    await expect
      .poll(() => textOf(runsPanel(page)), WAIT)
      .toContain('The browser may clear these when space runs low.');
    expect(await persistCalls(page)).toBe(1);
    await context.close();
  });
});
