/**
 * What autosave costs training, in headless Chromium's worker on the kernel at Maximum: the time from
 * Start to episode N with autosave on (a fresh profile) and off (IndexedDB held at a newer version, so
 * the store cannot open), interleaved pair by pair on one machine. Both runs are the same episodes (one
 * seed), so the difference is saving alone.
 *
 *   npm run bench:autosave -- [--episodes 400] [--pairs 3] [--preset fast] [--json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRESETS } from '../src/config/presets';
import { launchBrowser, serveBuiltApp } from '../tests/e2e/browser';

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const json = process.argv.includes('--json');
const EPISODES = Number(arg('--episodes', '400'));
const PAIRS = Number(arg('--pairs', '3'));
const preset = arg('--preset', 'fast') as keyof typeof PRESETS;
if (!(preset in PRESETS)) throw new Error(`--preset: no preset “${preset}”`);
if (!(EPISODES > 0 && PAIRS > 0)) throw new Error('--episodes and --pairs must be positive');

const outDir = mkdtempSync(join(tmpdir(), 'lander-autosave-'));
const { url, server } = await serveBuiltApp(outDir);
const browser = await launchBrowser();

async function secondsTo(autosave: boolean): Promise<{ seconds: number; saves: string }> {
  const context = await browser.newContext({ viewport: { width: 1300, height: 900 } });
  const page = await context.newPage();
  if (!autosave) {
    await page.goto(`${url}?mode=fly`);
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const request = indexedDB.open('lander-lab', 99);
          request.onsuccess = () => (request.result.close(), resolve());
          request.onerror = () => reject(request.error);
        }),
    );
  }
  const query = new URLSearchParams({ engine: 'kernel' });
  for (const [k, v] of Object.entries(PRESETS[preset].config)) query.set(k, String(v));
  await page.goto(`${url}?${query}`);
  await page.waitForFunction(
    () => /µs per update/.test(document.querySelector('[data-field="engine"]')?.textContent ?? ''),
    null,
    { timeout: 120_000 },
  );
  await page.getByLabel('Speed').selectOption({ label: 'Maximum' });
  await page.getByRole('button', { name: 'Start' }).click();
  const t0 = Date.now();
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-field="episode"]')?.textContent) >= n,
    EPISODES,
    { timeout: 900_000, polling: 20 },
  );
  const seconds = (Date.now() - t0) / 1000;
  const runs = page.getByRole('region', { name: 'Runs' });
  const saves = ((await runs.textContent()) ?? '').match(/Saved at episode \d+|Autosave is off/)?.[0] ?? '—';
  await context.close();
  return { seconds, saves };
}

const pairs = [];
for (let i = 0; i < PAIRS; i++) {
  // Alternating which goes first, so that a machine slowing down or speeding up weighs on both alike.
  const order = i % 2 === 0 ? [true, false] : [false, true];
  const result: Record<string, { seconds: number; saves: string }> = {};
  for (const on of order) result[on ? 'on' : 'off'] = await secondsTo(on);
  const cost = result.on.seconds / result.off.seconds - 1;
  pairs.push({ on: result.on, off: result.off, cost });
  if (!json) {
    console.log(
      `pair ${i + 1}: to episode ${EPISODES}: autosave on ${result.on.seconds.toFixed(2)} s (${result.on.saves}), ` +
        `off ${result.off.seconds.toFixed(2)} s: cost ${(100 * cost).toFixed(1)}%`,
    );
  }
}
const on = pairs.reduce((a, p) => a + p.on.seconds, 0);
const off = pairs.reduce((a, p) => a + p.off.seconds, 0);
if (json) console.log(JSON.stringify({ preset, episodes: EPISODES, pairs }));
else
  console.log(
    `all pairs: on ${on.toFixed(2)} s, off ${off.toFixed(2)} s: cost ${(100 * (on / off - 1)).toFixed(1)}%`,
  );
await browser.close();
await server.close();
rmSync(outDir, { recursive: true, force: true });
