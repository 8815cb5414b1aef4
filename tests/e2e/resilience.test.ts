/**
 * Never losing a run, in a real headless Chromium: autosave and resume after closing the tab, the runs
 * list, the divergence guard, a killed worker, a lost WebGL context, and the Content-Security-Policy.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chromiumForThisFile, drill, field, number, open, textOf, trainPast, WAIT } from './harness';

const browser = chromiumForThisFile();

/** Pauses, and waits for the save on Pause (not an autosave still being written when Pause came); its episode. */
async function pauseAndSave(page: Page): Promise<number> {
  await page.getByRole('button', { name: 'Pause' }).click();
  await expect.poll(() => field(page, 'state').textContent(), WAIT).toBe('paused');
  const saved = await number(page, 'episode');
  await expect
    .poll(() => textOf(page.getByRole('region', { name: 'Runs' })), WAIT)
    .toContain(`Saved at episode ${saved}.`);
  return saved;
}

describe('saved runs', () => {
  it('autosave on Pause, and resume after the tab is closed and opened again', async () => {
    const context = await browser().newContext({ viewport: { width: 1300, height: 900 } });
    const { page, errors } = await open(context, '?maxEpisodeSteps=80');
    // What the panel says is what autosave does (it said every 25 episodes, at most every 15 s, after that changed).
    expect(await textOf(page.getByRole('region', { name: 'Runs' }))).toContain(
      'Autosave every 1 s of training and on Pause.',
    );
    await trainPast(page, 30);
    const saved = await pauseAndSave(page);
    expect(errors).toEqual([]);
    await page.close();

    const { page: again } = await open(context);
    const offer = again.getByRole('button', { name: 'Resume last run' });
    await offer.waitFor(WAIT);
    await offer.click();
    await expect.poll(() => number(again, 'episode'), WAIT).toBe(saved);
    expect(await again.getByLabel('Steps per episode value').inputValue()).toBe('80');
    expect(new URL(again.url()).searchParams.get('maxEpisodeSteps')).toBe('80');
    await again.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => number(again, 'episode'), WAIT).toBeGreaterThan(saved);

    // The runs list: rename, then delete.
    const runs = again.getByRole('region', { name: 'Runs' });
    await runs
      .getByRole('button', { name: /^Rename / })
      .first()
      .click();
    const name = runs.getByRole('textbox', { name: /^New name for/ });
    await name.fill('My first lander');
    await name.press('Enter');
    await expect.poll(() => textOf(runs), WAIT).toContain('My first lander');
    again.on('dialog', (d) => void d.accept());
    await runs.getByRole('button', { name: 'Delete My first lander' }).click();
    await expect.poll(() => textOf(runs), WAIT).not.toContain('My first lander');
    await context.close();
  });

  it('a run saved by the store of version 1 (its replay memory inside the checkpoint) resumes with its memory', async () => {
    const context = await browser().newContext({ viewport: { width: 1300, height: 900 } });
    const { page } = await open(context, '?maxEpisodeSteps=80');
    await trainPast(page, 5);
    const saved = await pauseAndSave(page);
    // The saved run rewritten as version 1 kept it: the memory's pages joined into the checkpoint, and the
    // database made again at version 1 (the worker's connection gives way, as it would to a newer tab).
    const rows = await page.evaluate(async () => {
      const done = <T>(r: IDBRequest<T>) =>
        new Promise<T>((resolve, reject) => {
          r.onsuccess = () => resolve(r.result);
          r.onerror = () => reject(r.error);
        });
      const db = await done(indexedDB.open('lander-lab'));
      const tx = db.transaction(['runs', 'checkpoints', 'replayPages']);
      const [run] = await done(tx.objectStore('runs').getAll());
      const stored = await done(tx.objectStore('checkpoints').get(run.id));
      const pages = await done(
        tx.objectStore('replayPages').getAll(IDBKeyRange.bound([run.id, 0], [run.id, Infinity])),
      );
      db.close();
      const { replayPages: layout, ...checkpoint } = stored;
      const joined = <A extends Float32Array | Uint8Array>(key: string, make: (n: number) => A) => {
        const out = make(pages.reduce((n, p) => n + p[key].length, 0));
        let at = 0;
        for (const p of pages) {
          out.set(p[key], at);
          at += p[key].length;
        }
        return out;
      };
      checkpoint.trainer.replay = {
        capacity: layout.capacity,
        obsSize: layout.obsSize,
        next: layout.next,
        states: joined('states', (n) => new Float32Array(n)),
        nextStates: joined('nextStates', (n) => new Float32Array(n)),
        rewards: joined('rewards', (n) => new Float32Array(n)),
        actions: joined('actions', (n) => new Uint8Array(n)),
        dones: joined('dones', (n) => new Uint8Array(n)),
      };
      await done(indexedDB.deleteDatabase('lander-lab'));
      const opening = indexedDB.open('lander-lab', 1);
      opening.onupgradeneeded = () => {
        opening.result.createObjectStore('runs', { keyPath: 'id' });
        opening.result.createObjectStore('checkpoints');
      };
      const v1 = await done(opening);
      const write = v1.transaction(['runs', 'checkpoints'], 'readwrite');
      write.objectStore('runs').put(run);
      write.objectStore('checkpoints').put(checkpoint, run.id);
      await new Promise((resolve) => (write.oncomplete = resolve));
      v1.close();
      return layout.count as number;
    });
    expect(rows).toBeGreaterThan(0);
    await page.close();

    const { page: again, errors } = await open(context);
    await again.getByRole('button', { name: 'Resume last run' }).click();
    await expect
      .poll(() => textOf(again.getByRole('status')), WAIT)
      .toContain('Resumed the saved run: press Start to carry on.');
    expect(await number(again, 'episode')).toBe(saved);
    await again.getByRole('button', { name: 'Start' }).click();
    await expect.poll(() => number(again, 'episode'), WAIT).toBeGreaterThan(saved);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe('faults', () => {
  it('a diverging run is paused, rolled back to its last good checkpoint, and the cause named', async () => {
    const context = await browser().newContext({ viewport: { width: 1300, height: 900 } });
    const { page } = await open(context, '?maxEpisodeSteps=60');
    await trainPast(page, 26);
    await drill(page, 'injectNaN');
    const injectedAt = await number(page, 'episode');
    const alert = page.getByRole('alert');
    await expect.poll(() => textOf(alert), WAIT).toContain('Training diverged');
    const rolledBack = Number(
      (await textOf(alert)).match(/rolled back to the checkpoint at episode (\d+)/)?.[1],
    );
    // The first rollback checkpoint is kept at episode 25; later ones at most every 15 s.
    expect(rolledBack).toBeGreaterThanOrEqual(25);
    expect(rolledBack).toBeLessThanOrEqual(injectedAt);
    expect(await field(page, 'state').textContent()).toBe('paused');
    expect(await number(page, 'episode')).toBe(rolledBack);
    await context.close();
  });

  it('a killed worker is noticed within a second and training restarts from the last checkpoint', async () => {
    const context = await browser().newContext({ viewport: { width: 1300, height: 900 } });
    const { page } = await open(context, '?maxEpisodeSteps=60');
    await trainPast(page, 26);
    const saved = await pauseAndSave(page);
    const killedAt = Date.now();
    await drill(page, 'killWorker');
    await expect
      .poll(() => textOf(page.getByRole('alert')), { timeout: 5000, interval: 50 })
      .toContain('stopped responding');
    expect(Date.now() - killedAt).toBeLessThan(2000); // within a second, plus the test's own polling
    await page.getByLabel('Restart engine').selectOption('tfjs-cpu');
    await page.getByRole('button', { name: 'Restart training' }).click();
    await expect.poll(() => field(page, 'engine').textContent(), { timeout: 60_000 }).toMatch(/^tfjs-cpu, /);
    await expect.poll(() => number(page, 'episode'), WAIT).toBe(saved);
    await context.close();
  });

  it('a lost WebGL context stops training, says so, and restarts on another engine', async () => {
    const context = await browser().newContext({ viewport: { width: 1300, height: 900 } });
    const { page } = await open(context, '?engine=tfjs-webgl');
    await trainPast(page, 2);
    await drill(page, 'loseContext');
    await expect.poll(() => textOf(page.getByRole('alert')), WAIT).toContain('WebGL context was lost');
    await page.getByRole('button', { name: 'Restart training' }).click();
    await expect.poll(() => field(page, 'engine').textContent(), { timeout: 60_000 }).toMatch(/^kernel, /);
    await context.close();
  });
});

describe('security', () => {
  it('the built page carries a Content-Security-Policy that forbids eval and foreign requests', async () => {
    const context = await browser().newContext();
    const { page, errors } = await open(context);
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policy).toContain("default-src 'self'");
    expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
    // Scripts the page itself would run: an inline script and a string handed to setTimeout (an eval).
    const violations = await page.evaluate(
      () =>
        new Promise<string[]>((resolve) => {
          const seen: string[] = [];
          document.addEventListener('securitypolicyviolation', (e) => seen.push(e.effectiveDirective));
          const inline = document.createElement('script');
          inline.textContent = 'window.inlineRan = true';
          document.head.append(inline);
          (setTimeout as (code: string, ms: number) => number)('window.evalRan = true', 0);
          setTimeout(() => {
            const w = window as unknown as { inlineRan?: boolean; evalRan?: boolean };
            resolve([...seen, w.inlineRan ? 'inline ran' : '', w.evalRan ? 'eval ran' : ''].filter(Boolean));
          }, 300);
        }),
    );
    expect(violations).toContain('script-src-elem');
    expect(violations).not.toContain('inline ran');
    expect(violations).not.toContain('eval ran');
    const blocked = await page.evaluate(() =>
      fetch('https://example.com/').then(
        () => 'fetched',
        () => 'blocked',
      ),
    );
    expect(blocked).toBe('blocked');
    // The only console errors are the three refusals above.
    expect(errors.filter((e) => !/Content Security Policy|example\.com/.test(e))).toEqual([]);
    await context.close();
  });
});
