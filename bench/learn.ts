/**
 * npm run bench:learn -- --preset lab|fast|rainbow-lite --seeds 0-9 [--jobs N] [--json] [hyperparameter flags]
 *
 * Results across seeds: one `npm run train` per seed, each in its own process, N at a time (default: the
 * number of cores), then a table of every run (solved, episodes, env steps, wall time, the best greedy
 * evaluation) with the median and quartiles. Hyperparameter flags go to every run (--max-episodes 30
 * for a quick look). The runs' folders go under runs/bench-learn/<preset>/.
 */
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { flagName, parseFlags } from '../src/config/cliFlags';
import { PRESETS } from '../src/config/presets';
import { formatTable, parseSeeds, spreads } from './learnTable';
import type { SeedRun } from './learnTable';

const OWN_FLAGS = { '--preset': 'value', '--seeds': 'value', '--jobs': 'value', '--json': 'switch' } as const;
const USAGE =
  'Usage: npm run bench:learn -- --preset lab|fast|rainbow-lite --seeds 0-9 [--jobs N] [--json] [hyperparameter flags]';

function trainOnce(preset: string, seed: number, flags: string[]): Promise<SeedRun> {
  const started = performance.now();
  const args = [
    '--import',
    'tsx',
    'src/train/cli/train.ts',
    '--json',
    `--preset=${preset}`,
    `--seed=${seed}`,
  ];
  args.push(`--out=${join('runs', 'bench-learn', preset, `seed${seed}`)}`, ...flags);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) {
        reject(
          new Error(`seed ${seed}: training exited with ${code}: ${err.trim().split('\n').at(-1) ?? ''}`),
        );
        return;
      }
      // summary.json's `solved`: when the course's rule was met, or null.
      const s = JSON.parse(out.trim().split('\n').at(-1)!) as Omit<
        SeedRun,
        'seed' | 'wallSeconds' | 'solved' | 'solveSeconds'
      > & { solved: { seconds: number } | null };
      resolve({
        seed,
        solved: s.solved !== null,
        episodes: s.episodes,
        envSteps: s.envSteps,
        solveSeconds: s.solved?.seconds ?? null,
        wallSeconds: (performance.now() - started) / 1000,
        best: s.best && {
          episode: s.best.episode,
          evalMean: s.best.evalMean,
          landingRate: s.best.landingRate,
        },
      });
    });
  });
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseFlags(argv, OWN_FLAGS);
  if (!parsed.ok) {
    for (const e of parsed.errors) console.error(`error: ${e.message}`);
    console.error(USAGE);
    return 2;
  }
  const { config, other } = parsed.value;
  const preset = (other['--preset'] as string | undefined) ?? 'lab';
  if (!(preset in PRESETS)) {
    console.error(`error: --preset must be one of ${Object.keys(PRESETS).join(', ')}; got “${preset}”`);
    return 2;
  }
  if (config.seed !== undefined) {
    console.error('error: give the seeds with --seeds (such as 0-9), not --seed');
    return 2;
  }
  const seeds = parseSeeds((other['--seeds'] as string | undefined) ?? '0-9');
  const jobs = Number(other['--jobs'] ?? cpus().length);
  if (!Number.isInteger(jobs) || jobs < 1) {
    console.error(`error: --jobs must be a whole number of processes, at least 1; got “${other['--jobs']}”`);
    return 2;
  }
  const flags = Object.entries(config).map(([k, v]) => `${flagName(k)}=${String(v)}`);
  const json = other['--json'] === true;

  const runs: SeedRun[] = [];
  const failures: string[] = [];
  const queue = [...seeds];
  let running = 0;
  const started = performance.now();
  const progress = (last: string) => {
    const text = `[${runs.length}/${seeds.length} done, ${running} running, ${((performance.now() - started) / 1000).toFixed(0)} s] ${last}`;
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}`);
    else console.error(text);
  };
  progress(`training ${preset} on ${seeds.length} seeds, ${Math.min(jobs, seeds.length)} at a time…`);
  const worker = async () => {
    for (let seed = queue.shift(); seed !== undefined; seed = queue.shift()) {
      running++;
      const run = await trainOnce(preset, seed, flags).catch((e: Error) => e);
      running--;
      if (run instanceof Error) {
        failures.push(run.message);
        progress(run.message);
        continue;
      }
      runs.push(run);
      progress(
        `seed ${seed}: ${run.solved ? `solved in ${run.episodes} episodes` : `not solved in ${run.episodes}`}` +
          (run.best ? `, best greedy mean ${run.best.evalMean.toFixed(1)}` : ''),
      );
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, seeds.length) }, worker));
  if (process.stderr.isTTY) process.stderr.write('\n');
  runs.sort((a, b) => seeds.indexOf(a.seed) - seeds.indexOf(b.seed));

  const machine = `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${cpus().length} cores, Node ${process.version}`;
  if (json) {
    console.log(JSON.stringify({ preset, flags, jobs, machine, runs, spreads: spreads(runs) }));
  } else {
    console.log(
      `\n${preset}${flags.length ? ` ${flags.join(' ')}` : ''}, seeds ${seeds.join(',')}, ${jobs} at a time`,
    );
    console.log(`Machine: ${machine}\n`);
    console.log(formatTable(runs));
  }
  for (const f of failures) console.error(`error: ${f}`);
  return failures.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`\nerror: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
