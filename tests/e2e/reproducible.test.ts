/**
 * One run, one result: the page's settings pasted into the command line reproduce the page's run. The same
 * config and seed, trained in Chromium's worker and by the trainer in Node on the kernel engine (one
 * WebAssembly build, the same in both), gives the same return in every episode, to the last bit, and the
 * same greedy evaluations (confirmations, best model) whether they ran on the page's second worker, on a
 * Node thread or in line — on the Node running these tests, and on Node 24 (the current LTS) where
 * LANDER_LAB_NODE24 names its binary, as .ci/run does. And rainbow-lite's run too, whose priorities and
 * importance weights are computed in each runtime's own JavaScript (and would part the runs at the first
 * differing bit).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadKernelFromDisk } from '../../src/agent/engines/kernel/nodeKernel';
import { PRESETS } from '../../src/config/presets';
import { ThreadEvaluations } from '../../src/train/cli/threadEvaluations';
import { InlineEvaluations } from '../../src/train/loop/evaluationRunner';
import { Evaluator } from '../../src/train/loop/evaluator';
import { Trainer } from '../../src/train/loop/trainer';
import { evaluationsCsv } from '../../src/train/runs/history';
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

type PageRun = { returns: number[]; evaluations: string };
const pageRuns = new Map<string, Promise<PageRun>>();
/**
 * The page's returns and evaluations CSV for a preset's config, trained once in Chromium's worker
 * (evaluations on a second worker) for every comparison below.
 */
function pageRunOnce(preset: 'fast' | 'rainbow-lite' = 'fast'): Promise<PageRun> {
  const config = preset === 'fast' ? CONFIG : RAINBOW;
  let pageRun = pageRuns.get(preset);
  if (pageRun) return pageRun;
  pageRun = (async () => {
    const query = new URLSearchParams({ engine: 'kernel', preset, evaluation: 'threaded' });
    for (const [k, v] of Object.entries(config)) query.set(k, String(v));
    const page = await browser().newPage({ viewport: { width: 1300, height: 900 }, acceptDownloads: true });
    await page.goto(`${appUrl}?${query}`);
    await expect.poll(() => field(page, 'engine').textContent(), { timeout: 90_000 }).toMatch(/^kernel, /);
    await trainFast(page);
    // Evaluations fly on the page's second worker, beside training.
    await expect
      .poll(() => field(page, 'evaluating').textContent(), { timeout: 120_000, interval: 20 })
      .toMatch(/beside training/);
    await expect
      .poll(() => field(page, 'episode').textContent(), { timeout: 240_000 })
      .toBe(String(config.maxEpisodes));
    // Stopped once the evaluation in flight at its last episode was applied.
    await expect.poll(() => field(page, 'state').textContent(), { timeout: 60_000 }).toBe('paused');
    const saved: string[] = [];
    for (const [button, name] of [
      ['Download history', 'history.csv'],
      ['Download evaluations', 'evaluations.csv'],
    ]) {
      const download = page.waitForEvent('download');
      await page.getByRole('button', { name: button }).click();
      const path = join(files, name);
      await (await download).saveAs(path);
      saved.push(readFileSync(path, 'utf8'));
    }
    await page.close();
    return { returns: returnsOf(saved[0]), evaluations: saved[1] };
  })();
  pageRuns.set(preset, pageRun);
  return pageRun;
}
const pageReturns = async () => (await pageRunOnce()).returns;

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

  it('give the same evaluations, confirmations and best model, threaded in the page, threaded or in line in Node', async () => {
    const { evaluations } = await pageRunOnce();
    expect(evaluations.split('\n').length).toBeGreaterThan(4);
    expect(evaluations).toMatch(/,\d/); // some confirmation columns are filled
    for (const runner of [new ThreadEvaluations(), new InlineEvaluations()]) {
      const trainer = new Trainer(CONFIG, { engine: 'kernel', evaluator: new Evaluator(runner) });
      trainer.runEpisodes(EPISODES);
      expect(trainer.evaluationMode).toBe(runner.mode);
      expect(evaluationsCsv(trainer.evaluations), runner.mode).toBe(evaluations);
      trainer.dispose();
    }
  }, 300_000);

  it('give the same returns for rainbow-lite (dueling, 3-step returns, prioritized replay)', async () => {
    const { returns: browserReturns } = await pageRunOnce('rainbow-lite');
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
      const node24 = JSON.parse(stdout) as { node: string; returns: number[]; evaluations: string };
      expect(node24.node).toMatch(/^v24\./);
      expectSameReturns(await pageReturns(), node24.returns);
      expect(node24.evaluations).toBe((await pageRunOnce()).evaluations);
    },
    300_000,
  );
});
