/**
 * Time to solve in the page against Node, interleaved seed by seed in one run: each preset and seed is
 * trained in headless Chromium's worker (maximum speed, the engine auto picks) until the solved banner,
 * then by the trainer in Node on the same engine. The two give the same episodes (tests/e2e/
 * reproducible.test.ts), so the ratio of their times is the page's overhead alone.
 *
 *   npm run bench:page-solve -- [--presets lab,fast] [--seeds 0-1] [--json]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PRESETS } from '../src/config/presets';
import { selectEngine } from '../src/train/cli/engine';
import { nodeEvaluations } from '../src/train/cli/threadEvaluations';
import { Evaluator } from '../src/train/loop/evaluator';
import { Trainer } from '../src/train/loop/trainer';
import { launchBrowser, serveBuiltApp } from '../tests/e2e/browser';
import { parseSeeds } from './learnTable';

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const json = process.argv.includes('--json');
const presets = arg('--presets', 'lab,fast').split(',') as (keyof typeof PRESETS)[];
const seeds = parseSeeds(arg('--seeds', '0-1'));
for (const p of presets) if (!(p in PRESETS)) throw new Error(`--presets: no preset “${p}”`);

const outDir = mkdtempSync(join(tmpdir(), 'lander-solve-'));
const { url, server } = await serveBuiltApp(outDir);
const browser = await launchBrowser();

async function inPage(preset: keyof typeof PRESETS, seed: number) {
  const page = await browser.newPage({ viewport: { width: 1300, height: 900 } });
  // The address holds every setting, as the page writes it after a preset is chosen.
  const query = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...PRESETS[preset].config, seed })) query.set(k, String(v));
  await page.goto(`${url}?${query}`);
  const status = page.getByRole('region', { name: 'Training status' });
  const engine = status.locator('[data-field="engine"]');
  await page.waitForFunction(
    () => /µs per update/.test(document.querySelector('[data-field="engine"]')?.textContent ?? ''),
    null,
    { timeout: 120_000 },
  );
  const chosen = (await engine.textContent())!.split(',')[0];
  await page.getByLabel('Speed').selectOption({ label: 'Maximum' });
  await page.getByRole('button', { name: 'Start' }).click();
  const t0 = Date.now();
  const banner = page.locator('.banner.solved strong');
  await banner.waitFor({ timeout: 900_000 });
  const seconds = (Date.now() - t0) / 1000;
  const episodes = Number((await banner.textContent())!.match(/Solved in (\d+) episodes/)![1]);
  await page.close();
  return { engine: chosen, episodes, seconds };
}

/** As `npm run train` trains (evaluations on their own thread), stopping at the solve the page times. */
async function inNode(preset: keyof typeof PRESETS, seed: number) {
  const config = { ...PRESETS[preset].config, seed, stopWhen: 'solved' as const };
  const engine = await selectEngine('auto', config);
  const trainer = new Trainer(config, { engine: engine.name, evaluator: new Evaluator(nodeEvaluations()) });
  const solved = trainer.train();
  trainer.dispose();
  return { engine: engine.name, episodes: solved?.episode ?? null, seconds: solved?.seconds ?? null };
}

const rows = [];
for (const preset of presets) {
  for (const seed of seeds) {
    const page = await inPage(preset, seed);
    const node = await inNode(preset, seed);
    const row = { preset, seed, page, node, pageVsNode: node.seconds ? page.seconds / node.seconds : null };
    rows.push(row);
    if (!json) {
      console.log(
        `${preset} seed ${seed}: page ${page.engine} ${page.episodes} episodes in ${page.seconds.toFixed(1)} s; ` +
          `Node ${node.engine} ${node.episodes ?? 'not solved'} episodes in ${node.seconds?.toFixed(1) ?? '—'} s` +
          (row.pageVsNode ? ` (page ${row.pageVsNode.toFixed(2)}× Node)` : ''),
      );
    }
  }
}
if (json) console.log(JSON.stringify(rows));
await browser.close();
await server.close();
rmSync(outDir, { recursive: true, force: true });
