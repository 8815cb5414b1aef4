/**
 * One run, one result: the page's settings pasted into the command line reproduce the page's run. The same
 * config and seed, trained in Chromium's worker and by the trainer in Node on the kernel engine (one
 * WebAssembly build, the same in both), gives the same return in every episode, to the last bit — on the
 * Node running these tests, and on Node 24 (the current LTS) where LANDER_LAB_NODE24 names its binary, as
 * .ci/run does. And rainbow-lite's run too, whose priorities and importance weights are computed in each
 * runtime's own JavaScript (and would part the runs at the first differing bit).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKernelFromDisk } from '../../src/agent/engines/kernel/nodeKernel';
import { PRESETS } from '../../src/config/presets';
import { Trainer } from '../../src/train/loop/trainer';
import { appUrl, chromiumForThisFile, field, trainFast } from './harness';

const browser = chromiumForThisFile();
const files = mkdtempSync(join(tmpdir(), 'lander-lab-files-'));

beforeAll(async () => {
  await loadKernelFromDisk();
}, 120_000);

afterAll(async () => {
  rmSync(files, { recursive: true, force: true });
});

/** The returns column of a history CSV. */
const returnsOf = (csv: string) => {
  const [header, ...rows] = csv.trim().split('\n');
  const column = header.split(',').indexOf('return');
  return rows.map((row) => Number(row.split(',')[column]));
};

// The fast preset learns from the first episodes, so its updates shape every return that follows. The page
// trains the whole budget, as runEpisodes does: stopping once proven could end it sooner.
const EPISODES = 300;
const CONFIG = { ...PRESETS.fast.config, seed: 7, maxEpisodes: EPISODES, stopWhen: 'budget' as const };
const NODE24 = process.env.LANDER_LAB_NODE24;
const RAINBOW_EPISODES = 80;
const RAINBOW = {
  ...PRESETS['rainbow-lite'].config,
  seed: 7,
  maxEpisodes: RAINBOW_EPISODES,
  stopWhen: 'budget' as const,
};

const pageRuns = new Map<string, Promise<number[]>>();
/** The page's returns for a preset's config, trained once in Chromium's worker for every comparison below. */
function pageReturns(preset: 'fast' | 'rainbow-lite' = 'fast'): Promise<number[]> {
  const config = preset === 'fast' ? CONFIG : RAINBOW;
  let pageRun = pageRuns.get(preset);
  if (pageRun) return pageRun;
  pageRun = (async () => {
    const query = new URLSearchParams({ engine: 'kernel', preset });
    for (const [k, v] of Object.entries(config)) query.set(k, String(v));
    const page = await browser().newPage({ viewport: { width: 1300, height: 900 }, acceptDownloads: true });
    await page.goto(`${appUrl}?${query}`);
    await expect.poll(() => field(page, 'engine').textContent(), { timeout: 90_000 }).toMatch(/^kernel, /);
    await trainFast(page);
    await expect
      .poll(() => field(page, 'episode').textContent(), { timeout: 240_000 })
      .toBe(String(config.maxEpisodes));
    const download = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download history' }).click();
    const path = join(files, 'history.csv');
    await (await download).saveAs(path);
    await page.close();
    return returnsOf(readFileSync(path, 'utf8'));
  })();
  pageRuns.set(preset, pageRun);
  return pageRun;
}

function expectSameReturns(page: number[], node: number[], episodes = EPISODES): void {
  expect(page).toHaveLength(episodes);
  const firstDifference = page.findIndex((r, i) => r !== node[i]);
  expect(firstDifference, `first different episode: ${firstDifference + 1}`).toBe(-1);
}

describe('the page and the command line', () => {
  it(`give the same returns, episode for episode, for the same settings and seed (kernel engine, Node ${process.version})`, async () => {
    const browserReturns = await pageReturns();
    const trainer = new Trainer(CONFIG, { engine: 'kernel' });
    trainer.runEpisodes(EPISODES);
    const nodeReturns = trainer.returns;
    trainer.dispose();
    expectSameReturns(browserReturns, nodeReturns);
  }, 300_000);

  it('give the same returns for rainbow-lite (dueling, 3-step returns, prioritized replay)', async () => {
    const browserReturns = await pageReturns('rainbow-lite');
    const trainer = new Trainer(RAINBOW, { engine: 'kernel' });
    trainer.runEpisodes(RAINBOW_EPISODES);
    expectSameReturns(browserReturns, trainer.returns, RAINBOW_EPISODES);
    trainer.dispose();
  }, 300_000);

  it.runIf(NODE24)(
    'and Node 24 gives them too, in a process of its own',
    async () => {
      const { stdout } = await promisify(execFile)(
        NODE24!,
        ['--import', 'tsx', 'tests/e2e/kernelReturns.ts', JSON.stringify(CONFIG), String(EPISODES)],
        { encoding: 'utf8', maxBuffer: 16 << 20 },
      );
      const node24 = JSON.parse(stdout) as { node: string; returns: number[] };
      expect(node24.node).toMatch(/^v24\./);
      expectSameReturns(await pageReturns(), node24.returns);
    },
    300_000,
  );
});
