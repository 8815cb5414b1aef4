/** The command line: npm run train writes the run folder of the contract; npm run eval reports its figures. */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'lander-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tsx = (script: string, args: string[]) =>
  run(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8' });

describe('the command line', () => {
  it('trains, evaluates, and writes the latest model, the best in best/, the CSVs and the summary', async () => {
    const out = join(dir, 'run');
    const { stdout } = await tsx('src/train/cli/train.ts', [
      '--json',
      '--seed=2',
      '--max-episodes=7',
      '--max-episode-steps=80',
      '--hidden1=8',
      '--hidden2=8',
      '--eval-every=3',
      '--eval-episodes=2',
      `--out=${out}`,
    ]);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toEqual(summary);
    expect(summary).toMatchObject({ solved: false, episodes: 7 });
    // Evaluations after episodes 3 and 6, and one more of the final weights at 7.
    const rows = readFileSync(join(out, 'evaluations.csv'), 'utf8').split('\n');
    expect(rows[0]).toBe('episode,episodes,mean,std,landingRate,landed,crashed,out_of_bounds,time_limit');
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(['3', '6', '7']);
    const means = rows.slice(1).map((r) => Number(r.split(',')[2]));
    const bestRow = rows[1 + means.indexOf(Math.max(...means))].split(',');
    expect(summary.best).toEqual({
      episode: Number(bestRow[0]),
      evalMean: Number(Number(bestRow[2]).toFixed(2)),
      landingRate: Number(bestRow[4]),
      model: join(out, 'best', 'model.json'),
    });
    const best = JSON.parse(readFileSync(join(out, 'best', 'model.json'), 'utf8')).userDefinedMetadata;
    const latest = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')).userDefinedMetadata;
    expect(best).toMatchObject({ which: 'best', episodes: summary.best.episode, preset: 'lab' });
    expect(best.evaluation.mean).toBe(Math.max(...means));
    expect(latest).toMatchObject({ which: 'latest', episodes: 7 });
    expect(latest.evaluation.episode).toBe(7);
    expect(readFileSync(join(out, 'history.csv'), 'utf8').split('\n')).toHaveLength(8);

    const evaluated = await tsx('src/train/cli/eval.ts', [
      '--model',
      summary.best.model,
      '--episodes=6',
      '--json',
    ]);
    const figures = JSON.parse(evaluated.stdout.trim().split('\n').at(-1)!);
    expect(figures.episodes).toBe(6);
    expect(figures.seeds).toEqual([10_000, 10_005]);
    expect(Object.values(figures.outcomes as Record<string, number>).reduce((a, b) => a + b, 0)).toBe(6);
    expect(figures.landingRate).toBe(figures.outcomes.landed / 6);
    expect(figures.ci95[0]).toBeLessThanOrEqual(figures.meanReturn);
    expect(figures.ci95[1]).toBeGreaterThanOrEqual(figures.meanReturn);
    expect(figures.stdReturn).toBeGreaterThanOrEqual(0);
  }, 120_000);

  it('refuses bad evaluation settings, naming the allowed range', async () => {
    const failed = await tsx('src/train/cli/train.ts', ['--eval-episodes=0']).catch(
      (e: { stderr: string; code: number }) => e,
    );
    expect((failed as { code: number }).code).toBe(2);
    expect((failed as { stderr: string }).stderr).toMatch(/Evaluation episodes/);
  }, 60_000);
});
