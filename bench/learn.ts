/**
 * npm run bench:learn -- --preset lab|fast|rainbow-lite --seeds 0-9 [--jobs N] [--json] [hyperparameter flags]
 *
 * Results across seeds: one `npm run train` per seed, each in its own process, N at a time (default: the
 * number of cores), its best model then checked by `npm run eval` (100 moons from 10,000); then a table of
 * every run (episode and training seconds to solved and to proven, wall time, the best model's confirmed
 * mean and its check) with the quartiles and the worst. Hyperparameter flags go to every run (--max-episodes 30
 * for a quick look). The runs' folders go under runs/bench-learn/<preset>/.
 */
import { spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { flagName, parseFlags } from '../src/config/cliFlags';
import { PRESETS } from '../src/config/presets';
import { formatTable, parseSeeds, spreads } from './learnTable';
import type { Milestone, SeedRun } from './learnTable';

const OWN_FLAGS = { '--preset': 'value', '--seeds': 'value', '--jobs': 'value', '--json': 'switch' } as const;
const USAGE =
  'Usage: npm run bench:learn -- --preset lab|fast|rainbow-lite --seeds 0-9 [--jobs N] [--json] [hyperparameter flags]';

/** Runs a command of this project (Node with tsx) and gives its stdout; rejects with its last error line. */
function runTsx(script: string, args: string[], what: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${what} exited with ${code}: ${err.trim().split('\n').at(-1) ?? ''}`));
    });
  });
}

const lastLine = (out: string): unknown => JSON.parse(out.trim().split('\n').at(-1)!);

async function trainOnce(preset: string, seed: number, flags: string[]): Promise<SeedRun> {
  const started = performance.now();
  const out = join('runs', 'bench-learn', preset, `seed${seed}`);
  const args = ['--json', `--preset=${preset}`, `--seed=${seed}`, `--out=${out}`, ...flags];
  const s = lastLine(await runTsx('src/train/cli/train.ts', args, `seed ${seed}: training`)) as {
    solved: Milestone | null;
    proven: Milestone | null;
    episodes: number;
    envSteps: number;
    best: {
      episode: number;
      evalMean: number;
      landingRate: number;
      confirmMean?: number;
      model: string;
    } | null;
  };
  const wallSeconds = (performance.now() - started) / 1000;
  // The best model flown on npm run eval's own moons (100 from 10,000), which chose nothing.
  const check = s.best
    ? (lastLine(
        await runTsx('src/train/cli/eval.ts', ['--json', `--model=${s.best.model}`], `seed ${seed}: eval`),
      ) as { meanReturn: number; landingRate: number })
    : null;
  return {
    seed,
    solved: s.solved && { episode: s.solved.episode, seconds: s.solved.seconds },
    proven: s.proven && { episode: s.proven.episode, seconds: s.proven.seconds },
    episodes: s.episodes,
    envSteps: s.envSteps,
    wallSeconds,
    best: s.best && {
      episode: s.best.episode,
      evalMean: s.best.evalMean,
      landingRate: s.best.landingRate,
      confirmMean: s.best.confirmMean ?? null,
    },
    check: check && { mean: check.meanReturn, landingRate: check.landingRate },
  };
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
        `seed ${seed}: ${run.solved ? `solved at ${run.solved.episode}` : 'not solved'}, ` +
          `${run.proven ? `proven at ${run.proven.episode}` : 'not proven'}` +
          (run.check
            ? `, eval ${run.check.mean.toFixed(1)}, ${(100 * run.check.landingRate).toFixed(0)}% landed`
            : ''),
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
