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
      '--confirm-episodes=30',
      `--out=${out}`,
    ]);
    const summary = JSON.parse(stdout.trim().split('\n').at(-1)!);
    expect(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'))).toEqual(summary);
    // The lab's preset trains until proven, which a 7-episode budget never is.
    expect(summary).toMatchObject({ solved: null, proven: null, stopWhen: 'proven', episodes: 7 });
    // Evaluations after episodes 3 and 6, and one more of the final weights at 7; the first one, and any
    // that beat the best's confirmed mean, confirmed on 30 more moons, or fewer: nothing lands in 80 steps,
    // so a confirmation ends at its 4th moon, where 90% of 30 is out of reach.
    const rows = readFileSync(join(out, 'evaluations.csv'), 'utf8').split('\n');
    expect(rows[0]).toBe(
      'episode,episodes,mean,std,landingRate,landed,crashed,out_of_bounds,time_limit,' +
        'confirmEpisodes,confirmMean,confirmStd,confirmLandingRate,' +
        'confirmLanded,confirmCrashed,confirmOutOfBounds,confirmTimeLimit',
    );
    const cells = rows.slice(1).map((r) => r.split(','));
    expect(cells.map((r) => r[0])).toEqual(['3', '6', '7']);
    expect(cells[0][9]).toBe('4');
    // The best is the highest confirmed mean.
    const confirmed = cells.filter((r) => r[10] !== '');
    const bestRow = confirmed.reduce((a, b) => (Number(b[10]) > Number(a[10]) ? b : a));
    expect(summary.best).toEqual({
      episode: Number(bestRow[0]),
      evalMean: Number(Number(bestRow[2]).toFixed(2)),
      landingRate: Number(bestRow[4]),
      confirmEpisodes: 4,
      confirmMean: Number(Number(bestRow[10]).toFixed(2)),
      confirmStd: Number(Number(bestRow[11]).toFixed(2)),
      confirmLandingRate: Number(bestRow[12]),
      model: join(out, 'best', 'model.json'),
    });
    const best = JSON.parse(readFileSync(join(out, 'best', 'model.json'), 'utf8')).userDefinedMetadata;
    const latest = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')).userDefinedMetadata;
    expect(best).toMatchObject({ which: 'best', episodes: summary.best.episode, preset: 'lab' });
    expect(best.evaluation.confirmation.mean).toBe(Number(bestRow[10]));
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

  it('refuses a stopping rule it does not know, naming the three it does', async () => {
    const failed = await tsx('src/train/cli/train.ts', ['--stop-when=never']).catch(
      (e: { stderr: string; code: number }) => e,
    );
    expect((failed as { code: number }).code).toBe(2);
    expect((failed as { stderr: string }).stderr).toMatch(/Stop when must be one of solved, proven, budget/);
  }, 60_000);

  it('refuses a place for evaluations it does not know, naming the three it does', async () => {
    const failed = await tsx('src/train/cli/train.ts', ['--evaluation=sideways']).catch(
      (e: { stderr: string; code: number }) => e,
    );
    expect((failed as { code: number }).code).toBe(2);
    expect((failed as { stderr: string }).stderr).toMatch(
      /--evaluation must be one of auto, threaded, in-line/,
    );
  }, 60_000);

  it('refuses bad evaluation settings, naming the allowed range', async () => {
    const failed = await tsx('src/train/cli/train.ts', ['--eval-episodes=0']).catch(
      (e: { stderr: string; code: number }) => e,
    );
    expect((failed as { code: number }).code).toBe(2);
    expect((failed as { stderr: string }).stderr).toMatch(/Evaluation episodes/);
  }, 60_000);
});
