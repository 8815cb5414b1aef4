/**
 * Which learning engine trains: the one asked for, or with 'auto' the fastest of those that start, timed
 * over a few updates at the run's own network shape and batch size. An engine that cannot start hands over
 * to the next, and the report says which runs, why, and what each measured.
 *
 * The engines, their fallbacks, what auto times and the tfjs backend each sets (a global, set here) are
 * the engine table's (agent/engines/engineTable.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { DqnAgent } from '../../agent/dqn';
import { AUTO_CANDIDATES, DEFAULT_ENGINE, ENGINES, fallbackChain } from '../../agent/engines/engineTable';
import type { EngineChoice, EngineName, TfjsBackend } from '../../agent/engines/engineTable';
import type { LoadedKernel } from '../../agent/engines/kernel/kernelModule';
import { engineLearner } from '../../agent/engines/learners';
import { ReplayBuffer } from '../../agent/replayBuffer';
import { defaultConfig } from '../../config/hyperparameters';
import type { Config } from '../../config/hyperparameters';
import { NumpyRandom } from '../../env/rng';
import type { EngineReport } from './protocol';

/** The shape and batch a run learns with: what auto times. */
export type RunShape = Pick<Config, 'hidden1' | 'hidden2' | 'batchSize'>;

export interface EngineHost {
  /** Loads and compiles the kernel (from disk in Node, from the app's origin in the worker). */
  loadKernel(): Promise<LoadedKernel>;
  /** What auto may pick here (default: the table's auto candidates). */
  candidates?: readonly EngineName[];
}

/**
 * Median µs of one update on an engine that has started, after a warm-up (shader compiles, XNNPACK's
 * operator caches, the JIT), which takes tfjs-wasm about ten updates.
 */
export function timeUpdate(name: EngineName, run: RunShape, updates = 20, warmup = 10): number {
  const shape = { inputs: 8, hidden1: run.hidden1, hidden2: run.hidden2, actions: 4 };
  const agent = new DqnAgent(engineLearner(name, shape, 0, run.batchSize), defaultConfig(), 0);
  const rng = NumpyRandom.fromSeed(0);
  const memory = new ReplayBuffer(Math.max(1000, run.batchSize), 8);
  const state = () => Array.from({ length: 8 }, () => rng.uniform(-1, 1));
  for (let i = 0; i < memory.capacity; i++)
    memory.add(state(), rng.integers(0, 4), rng.uniform(-1, 1), state(), false);
  const times: number[] = [];
  for (let k = 0; k < warmup + updates; k++) {
    const batch = memory.sample(run.batchSize, rng);
    const t0 = performance.now();
    agent.learn(batch);
    if (k >= warmup) times.push((performance.now() - t0) * 1000);
  }
  agent.dispose();
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

async function tryBackend(name: TfjsBackend): Promise<string | null> {
  try {
    if (!(await tf.setBackend(name))) return `the ${name} backend could not start`;
    await tf.ready();
    // A backend can register and still fail on its first real work (a lost or refused WebGL context).
    tf.tidy(() => tf.add(tf.ones([2, 2]), 1).dataSync());
    return null;
  } catch (e) {
    return `the ${name} backend failed: ${(e as Error).message}`;
  }
}

/** Starts an engine (and the tfjs backend under it); null when it started, else why not. */
async function tryEngine(name: EngineName, host: EngineHost): Promise<string | null> {
  if (ENGINES[name].learner === 'kernel') {
    try {
      await host.loadKernel();
    } catch (e) {
      return `the kernel could not start: ${(e as Error).message}`;
    }
  }
  return tryBackend(ENGINES[name].tfjsBackend);
}

export async function chooseEngine(
  choice: EngineChoice,
  run: RunShape,
  host: EngineHost,
): Promise<EngineReport> {
  if (choice === 'auto') return chooseFastest(run, host);
  const failures: string[] = [];
  for (const name of fallbackChain(choice)) {
    const failure = await tryEngine(name, host);
    if (failure) {
      failures.push(failure);
      continue;
    }
    const reason = name === choice ? `${name}, as chosen` : `${name}, because ${failures.join('; ')}`;
    return { name, reason, updateUs: { [name]: timeUpdate(name, run) } };
  }
  throw new Error(`no learning engine could start: ${failures.join('; ')}`);
}

async function chooseFastest(run: RunShape, host: EngineHost): Promise<EngineReport> {
  const updateUs: Partial<Record<EngineName, number>> = {};
  const failures: string[] = [];
  for (const name of host.candidates ?? AUTO_CANDIDATES) {
    const failure = await tryEngine(name, host);
    if (failure) failures.push(failure);
    else updateUs[name] = timeUpdate(name, run);
  }
  const timed = (Object.entries(updateUs) as [EngineName, number][]).sort((a, b) => a[1] - b[1]);
  const name: EngineName = timed[0]?.[0] ?? DEFAULT_ENGINE;
  const us = (v: number) => `${v < 100 ? v.toFixed(0) : Math.round(v).toLocaleString('en')} µs`;
  const shape = `${run.hidden1}-${run.hidden2} network, batch ${run.batchSize}`;
  let reason: string;
  if (timed.length > 1) {
    reason = `auto: fastest at this ${shape} (${timed.map(([n, v]) => `${n} ${us(v)}`).join(', ')})`;
  } else if (timed.length === 1) {
    reason = `auto: ${name} is the one that started (${failures.join('; ')})`;
  } else {
    reason = `auto: fell back to ${name} (${failures.join('; ')})`;
  }
  if (failures.length && timed.length > 1) reason += `; ${failures.join('; ')}`;
  const failure = await tryEngine(name, host);
  if (failure) throw new Error(`no learning engine could start: ${failures.concat(failure).join('; ')}`);
  updateUs[name] ??= timeUpdate(name, run);
  return { name, reason, updateUs };
}
