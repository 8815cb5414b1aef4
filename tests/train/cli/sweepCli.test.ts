/**
 * `npm run sweep` for real, on tiny trials (3 episodes each, niced): the sweep, its plan's commands run
 * one by one, `--trial K` and `--collect` all give the same runs and the same table; finished trials
 * are kept on a rerun; bad grids and foreign folders are refused before anything starts.
 */
import { execFile } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import type { SweepTable } from '../../../src/train/sweep/table';

const run = promisify(execFile);
const root = join(import.meta.dirname, '../../..');
const tmp = mkdtempSync(join(tmpdir(), 'lander-lab-sweep-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const ARGS = ['--preset', 'fast', '--grid', 'gamma=0.98,0.99', '--max-episodes', '3', '--seed', '2'];

async function sweep(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await run('nice', ['-n', '10', 'npx', 'tsx', 'src/train/cli/sweep.ts', ...args], { cwd: root });
    return { code: 0, ...r };
  } catch (e) {
    const err = e as { code: number; stdout: string; stderr: string };
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}
const table = (stdout: string) => JSON.parse(stdout) as SweepTable & { seconds?: number };
/** history.csv without the steps-per-second column, which is timing, not result. */
const history = (dir: string) =>
  readFileSync(join(dir, 'history.csv'), 'utf8')
    .split('\n')
    .map((line) => line.split(',').slice(0, -1).join(','));
const trialNames = ['gamma-0.98', 'gamma-0.99'];

describe('npm run sweep', () => {
  const swept = join(tmp, 'swept');
  const planned = join(tmp, 'planned');

  it('runs the trials in parallel processes into one folder each, with a ranked table', async () => {
    const r = await sweep([...ARGS, '--out', swept, '--jobs', '2', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const t = table(r.stdout);
    expect(t.keys).toEqual(['gamma']);
    expect(t.rows.map((row) => [row.trial, row.settings.gamma, row.episodes])).toEqual(
      expect.arrayContaining([
        ['gamma-0.98', 0.98, 3],
        ['gamma-0.99', 0.99, 3],
      ]),
    );
    expect(r.stderr).toMatch(/2\/2 done · 0 running · best so far: gamma-0\.9/);
    expect(readFileSync(join(swept, 'sweep.csv'), 'utf8').split('\n')[0]).toBe(
      'rank,trial,gamma,episodes,solvedAt,bestAvg100,finalAvg100,bestEval,landingRate,seconds',
    );
    for (const name of trialNames) {
      const config = JSON.parse(readFileSync(join(swept, name, 'config.json'), 'utf8'));
      expect(config).toMatchObject({ preset: 'fast', gamma: Number(name.slice(6)), seed: 2, maxEpisodes: 3 });
    }
  }, 120_000);

  it('keeps finished trials when run again', async () => {
    const before = statSync(join(swept, 'gamma-0.98', 'history.csv')).mtimeMs;
    const r = await sweep([...ARGS, '--out', swept, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('2 already finished, 0 to run');
    expect(statSync(join(swept, 'gamma-0.98', 'history.csv')).mtimeMs).toBe(before);
    expect(table(r.stdout).rows).toHaveLength(2);
  }, 60_000);

  it('prints one npm run train line per trial; run locally, they give the same runs and table', async () => {
    const r = await sweep([...ARGS, '--out', planned, '--plan']);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toEqual(
      trialNames.map((n) =>
        expect.stringMatching(new RegExp(`^npm run train -- .* --out ${join(planned, n)} --json$`)),
      ),
    );
    for (const line of lines) await run('nice', ['-n', '10', 'sh', '-c', line], { cwd: root });
    for (const name of trialNames) {
      expect(history(join(planned, name))).toEqual(history(join(swept, name)));
      expect(readFileSync(join(planned, name, 'weights.bin'))).toEqual(
        readFileSync(join(swept, name, 'weights.bin')),
      );
    }
    const collected = await sweep(['--collect', planned, '--json']);
    const original = await sweep(['--collect', swept, '--json']);
    // Everything but the wall time, which is each process's own.
    const timeless = (out: string) => table(out).rows.map(({ seconds: _, ...row }) => row);
    expect(timeless(collected.stdout)).toEqual(timeless(original.stdout));
    expect(existsSync(join(planned, 'sweep.csv'))).toBe(true);
  }, 180_000);

  it('--trial K runs exactly the K-th trial of the plan', async () => {
    const one = join(tmp, 'one');
    const r = await sweep([...ARGS, '--out', one, '--trial', '1']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(one)).toEqual(['gamma-0.99']);
    expect(history(join(one, 'gamma-0.99'))).toEqual(history(join(swept, 'gamma-0.99')));
    const bad = await sweep([...ARGS, '--out', one, '--trial', '2']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--trial must be an integer from 0 to 1 (the plan has 2 trials); got “2”');
  }, 60_000);

  it('--collect reads folders however made, with evaluations and summaries where present', async () => {
    const mixed = join(tmp, 'mixed');
    cpSync(join(swept, 'gamma-0.98'), join(mixed, 'by-hand'), { recursive: true });
    // A run folder made without evaluations or a summary (by an older trainer, or by hand).
    rmSync(join(mixed, 'by-hand', 'evaluations.csv'));
    rmSync(join(mixed, 'by-hand', 'summary.json'));
    cpSync(join(swept, 'gamma-0.99'), join(mixed, 'evaluated'), { recursive: true });
    writeFileSync(
      join(mixed, 'evaluated', 'evaluations.csv'),
      'episode,episodes,mean,std,landingRate,landed,crashed,out_of_bounds,time_limit\n3,10,-80.5,12,0.2,2,8,0,0\n',
    );
    writeFileSync(
      join(mixed, 'evaluated', 'summary.json'),
      JSON.stringify({ solved: false, episodes: 3, seconds: 4.2, best: null }),
    );
    cpSync(join(swept, 'gamma-0.98'), join(mixed, 'broken'), { recursive: true });
    writeFileSync(join(mixed, 'broken', 'history.csv'), 'episode,return\n1,2\n');
    const r = await sweep(['--collect', mixed, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('broken: history.csv lacks the columns avg100, epsilon');
    expect(
      table(r.stdout).rows.map((row) => [row.rank, row.trial, row.bestEval, row.landingRate, row.seconds]),
    ).toEqual([
      [1, 'evaluated', -80.5, 0.2, 4.2],
      [2, 'by-hand', null, null, null],
    ]);
  }, 60_000);

  it('refuses a bad grid or a folder of other settings before anything starts', async () => {
    const fresh = join(tmp, 'never');
    const r = await sweep([
      '--grid',
      'gamma=0.98,1.2',
      '--grid',
      'colour=red',
      '--seeds',
      '3-1',
      '--out',
      fresh,
    ]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--seeds 3-1: a range runs from low to high');
    expect(r.stderr).toContain('--grid gamma=1.2: Discount γ must be a number from 0 to 0.9999; got 1.2');
    expect(r.stderr).toContain('--grid “colour”: unknown hyperparameter');
    expect(existsSync(fresh)).toBe(false);
    const other = await sweep([...ARGS.slice(0, -4), '--max-episodes', '4', '--seed', '2', '--out', swept]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(
      /holds a finished run with other settings \(episodes 3 where this sweep has 4\)/,
    );
  }, 60_000);
});
