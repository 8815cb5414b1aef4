/**
 * Runs trials as child processes of the train command, `jobs` at a time, each one's output kept in a
 * train.log inside its run folder. Separate processes, not threads: each trial gets its own tfjs and
 * its own core, and a crash takes down one trial only.
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Trial } from '../sweep/plan';

const TRAIN = fileURLToPath(new URL('./train.ts', import.meta.url));

export interface PoolEvents {
  onStart?(trial: Trial): void;
  onEnd?(trial: Trial, code: number | null, seconds: number): void | Promise<void>;
}

/** Where a trial's `--out` points (the argument after it). */
export const trialOut = (trial: Trial) => trial.args[trial.args.indexOf('--out') + 1];

/** Runs every trial; resolves with the failed ones. `stop()` ends the running children. */
export function runPool(
  trials: readonly Trial[],
  jobs: number,
  events: PoolEvents = {},
): { done: Promise<Trial[]>; stop: () => void } {
  const queue = [...trials];
  const running = new Set<ChildProcess>();
  const failed: Trial[] = [];
  let stopped = false;

  const runOne = async (trial: Trial): Promise<void> => {
    const out = trialOut(trial);
    await mkdir(out, { recursive: true });
    const log = createWriteStream(join(out, 'train.log'));
    const started = performance.now();
    events.onStart?.(trial);
    // The same program `npm run train` runs (tsx on train.ts), without npm's start-up per trial.
    const child = spawn(process.execPath, ['--import', 'tsx', TRAIN, ...trial.args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    running.add(child);
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    const code = await new Promise<number | null>((resolve) => {
      child.on('error', () => resolve(null));
      child.on('close', (c) => resolve(c));
    });
    running.delete(child);
    log.end();
    if (code !== 0) failed.push(trial);
    await events.onEnd?.(trial, code, (performance.now() - started) / 1000);
  };

  const lane = async () => {
    for (let trial = queue.shift(); trial && !stopped; trial = queue.shift()) await runOne(trial);
  };
  const done = Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, trials.length)) }, lane)).then(
    () => failed,
  );
  return {
    done,
    stop: () => {
      stopped = true;
      for (const child of running) child.kill('SIGTERM');
    },
  };
}
