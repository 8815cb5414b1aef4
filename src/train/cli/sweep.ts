/**
 * npm run sweep -- --preset fast --grid gamma=0.98,0.99,0.995 --seeds 0-4 [--jobs N] [--out DIR] [--json]
 *   [--plan] [--trial K] [--collect DIR] and any hyperparameter flag of `npm run train` (for every trial).
 * Runs each trial of the grid × seeds as its own `npm run train` process, N at a time, into DIR/<trial>/;
 * keeps finished trials when run again; writes DIR/sweep.csv. `--plan` prints the trials' commands
 * instead, `--trial K` runs only the K-th (a Kubernetes Indexed Job's completion index), and `--collect`
 * builds the table from run folders however they were made.
 */
import { availableParallelism } from 'node:os';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseFlags } from '../../config/cliFlags';
import { describeSetting, differingKeys } from '../../config/differences';
import { PRESETS } from '../../config/presets';
import { parseGrid, parseSeeds } from '../sweep/grid';
import { planTrials, selectTrial, trialCommand } from '../sweep/plan';
import type { SweepSpec, Trial } from '../sweep/plan';
import { sweepTable, tableCsv, tableText } from '../sweep/table';
import type { SweepTable } from '../sweep/table';
import type { Result } from '../../config/validate';
import type { RunFiles } from '../runs/runFiles';
import { ENGINE_FLAG_VALUES } from './nodeEngines';
import { isFinished, readRunFolder, readRunFolders } from './runFolder';
import { runPool, trialOut } from './trialPool';

const OWN_FLAGS = {
  '--preset': 'value',
  '--seeds': 'value',
  '--jobs': 'value',
  '--out': 'value',
  '--trial': 'value',
  '--collect': 'value',
  '--engine': 'value',
  '--json': 'switch',
  '--plan': 'switch',
  '--help': 'switch',
} as const;

const USAGE = `Usage: npm run sweep -- [--preset lab|fast|rainbow-lite] --grid key=v1,v2,… [--grid …] [--seeds 0-4]
         [--jobs N] [--out DIR] [--json] [--engine ${ENGINE_FLAG_VALUES}] [hyperparameter flags of npm run train]
       npm run sweep -- … --plan         print one npm run train command per trial, run nothing
       npm run sweep -- … --trial K      run only trial K of the plan (0-based)
       npm run sweep -- --collect DIR    the table of the run folders inside DIR

A grid key is a hyperparameter's name or flag (gamma, learning-rate…); values are checked against its
range. --jobs defaults to the number of cores. Finished trials in DIR are kept when run again.`;

class Refusal extends Error {}

/** Takes every `--grid X` / `--grid=X` out of argv (the flag parser keeps one value per flag). */
function takeGrids(argv: readonly string[]): { grids: string[]; rest: string[] } {
  const grids: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--grid') {
      if (argv[i + 1] === undefined || argv[i + 1].startsWith('--'))
        throw new Refusal('--grid needs key=values');
      grids.push(argv[++i]);
    } else if (argv[i].startsWith('--grid=')) grids.push(argv[i].slice('--grid='.length));
    else rest.push(argv[i]);
  }
  return { grids, rest };
}

function positiveInteger(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1024)
    throw new Refusal(`${flag} must be an integer from 1 to 1024; got “${text.slice(0, 20)}”`);
  return n;
}

function refuseErrors<T>(r: Result<T>): asserts r is { ok: true; value: T } {
  if (!r.ok) throw new Refusal(r.errors.map((e) => e.message).join('\n'));
}

/** A finished trial folder from another sweep must not be taken for this one's. */
async function checkKept(trials: readonly Trial[]): Promise<Trial[]> {
  const kept: Trial[] = [];
  for (const trial of trials) {
    const out = trialOut(trial);
    if (!isFinished(out)) continue;
    const found = await readRunFolder(out);
    if (!found.ok) throw new Refusal(`${found.error}; delete that folder to rerun the trial`);
    const differ = differingKeys([trial.config, found.value.config]);
    if (differ.length) {
      const what = differ.map(
        (k) => `${describeSetting(k, found.value.config[k])} where this sweep has ${String(trial.config[k])}`,
      );
      throw new Refusal(
        `${out} holds a finished run with other settings (${what.join(', ')}); use another --out`,
      );
    }
    kept.push(trial);
  }
  return kept;
}

async function tableOf(trials: readonly Trial[]): Promise<SweepTable> {
  const runs: { name: string; run: RunFiles }[] = [];
  for (const trial of trials) {
    const r = isFinished(trialOut(trial)) ? await readRunFolder(trialOut(trial)) : null;
    if (r?.ok) runs.push({ name: trial.name, run: r.value });
  }
  return sweepTable(runs);
}

function show(table: SweepTable, json: boolean, extra: Record<string, unknown>): void {
  if (json) console.log(JSON.stringify({ ...table, ...extra }));
  else console.log(table.rows.length ? tableText(table) : 'No finished trials.');
}

async function collect(dir: string, json: boolean): Promise<number> {
  if (!existsSync(dir)) throw new Refusal(`--collect ${dir}: no such folder`);
  const { runs, skipped } = await readRunFolders(dir);
  for (const s of skipped) console.error(`skipped ${s}`);
  if (!runs.length) throw new Refusal(`--collect ${dir}: no finished run folders inside`);
  const table = sweepTable(runs);
  await writeFile(join(dir, 'sweep.csv'), tableCsv(table));
  show(table, json, { skipped });
  if (!json) console.error(`\nWrote ${join(dir, 'sweep.csv')}`);
  return 0;
}

async function main(argv: string[]): Promise<number> {
  const { grids, rest } = takeGrids(argv);
  const parsed = parseFlags(rest, OWN_FLAGS);
  refuseErrors(parsed);
  const { config: flags, other } = parsed.value;
  const json = other['--json'] === true;
  if (other['--help']) {
    console.log(USAGE);
    return 0;
  }
  if (typeof other['--collect'] === 'string') return collect(other['--collect'], json);

  const preset = (other['--preset'] as string | undefined) ?? 'lab';
  if (!(preset in PRESETS))
    throw new Refusal(`--preset must be one of ${Object.keys(PRESETS).join(', ')}; got “${preset}”`);
  const axes = parseGrid(grids);
  const seeds = typeof other['--seeds'] === 'string' ? parseSeeds(other['--seeds']) : null;
  // Every bad entry at once, grid and seeds alike.
  if (!axes.ok && seeds?.ok === false) refuseErrors({ ok: false, errors: [...axes.errors, ...seeds.errors] });
  refuseErrors(axes);
  if (seeds) refuseErrors(seeds);
  if (!axes.value.length && !seeds) throw new Refusal('a sweep needs --grid key=values or --seeds (or both)');
  const spec: SweepSpec = {
    preset: preset as keyof typeof PRESETS,
    flags,
    axes: axes.value,
    seeds: seeds ? seeds.value : null,
    passThrough: typeof other['--engine'] === 'string' ? ['--engine', other['--engine']] : [],
  };
  const out =
    (other['--out'] as string | undefined) ??
    join(
      'runs',
      ['sweep', preset, ...spec.axes.map((a) => a.key), ...(spec.seeds ? ['seeds'] : [])].join('-'),
    );
  const plan = planTrials(spec, out);
  refuseErrors(plan);
  let trials = plan.value;

  if (other['--plan']) {
    for (const trial of trials) console.log(trialCommand(trial));
    return 0;
  }
  if (typeof other['--trial'] === 'string') {
    const one = selectTrial(trials, other['--trial']);
    refuseErrors(one);
    trials = [one.value];
  }
  const jobs = positiveInteger('--jobs', other['--jobs'] as string | undefined, availableParallelism());
  const kept = await checkKept(trials);
  const todo = trials.filter((t) => !kept.includes(t));
  return runSweep(trials, todo, jobs, out, json, typeof other['--trial'] === 'string');
}

async function runSweep(
  trials: Trial[],
  todo: Trial[],
  jobs: number,
  out: string,
  json: boolean,
  single: boolean,
): Promise<number> {
  const started = performance.now();
  const running = new Set<string>();
  let done = trials.length - todo.length;
  let best = '—';
  const tty = process.stderr.isTTY;
  const progress = (event?: string) => {
    const line = `${done}/${trials.length} done · ${running.size} running · best so far: ${best}`;
    if (tty) process.stderr.write(`\r\x1b[2K${event ? `${event}\n` : ''}${line}`);
    else console.error(event ? `${event} | ${line}` : line);
  };
  if (done) {
    const top = (await tableOf(trials)).rows[0];
    if (top) best = bestLabel(top);
  }
  console.error(
    `Sweep of ${trials.length} trial${trials.length > 1 ? 's' : ''} into ${out}: ${trials.length - todo.length} already finished, ${todo.length} to run, ${Math.min(jobs, Math.max(todo.length, 1))} at a time.`,
  );
  const pool = runPool(todo, jobs, {
    onStart(trial) {
      running.add(trial.name);
      progress(`started ${trial.name}`);
    },
    async onEnd(trial, code, seconds) {
      running.delete(trial.name);
      if (code === 0) done++;
      const top = (await tableOf(trials)).rows[0];
      if (top) best = bestLabel(top);
      progress(
        code === 0
          ? `finished ${trial.name} in ${seconds.toFixed(0)} s`
          : `FAILED ${trial.name} (exit ${code}); see ${join(trialOut(trial), 'train.log')}`,
      );
    },
  });
  const interrupt = () => {
    pool.stop();
    console.error(`\nInterrupted: finished trials are kept; run the same command again to resume.`);
    process.exit(130);
  };
  process.once('SIGINT', interrupt);
  process.once('SIGTERM', interrupt);
  const failed = await pool.done;
  if (tty) process.stderr.write('\n');
  const seconds = (performance.now() - started) / 1000;
  const table = await tableOf(trials);
  if (!single) await writeFile(join(out, 'sweep.csv'), tableCsv(table));
  show(table, json, { seconds: Number(seconds.toFixed(2)), failed: failed.map((t) => t.name) });
  console.error(
    `${todo.length - failed.length} trial${todo.length === 1 ? '' : 's'} run in ${seconds.toFixed(1)} s${single ? '' : `; table in ${join(out, 'sweep.csv')}`}.`,
  );
  return failed.length ? 1 : 0;
}

function bestLabel(row: SweepTable['rows'][number]): string {
  if (row.solvedAt !== null) return `${row.trial} (solved at episode ${row.solvedAt})`;
  if (row.bestEval !== null) return `${row.trial} (evaluation ${row.bestEval.toFixed(1)})`;
  return `${row.trial} (mean of 100: ${(row.bestAvg100 ?? row.finalAvg100).toFixed(1)})`;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(e instanceof Refusal ? 2 : 1);
  },
);
