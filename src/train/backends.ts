/**
 * Which TensorFlow.js backend trains: the one asked for, or with 'auto' the faster of webgl and wasm by a
 * few timed updates (webgl kept when within 20%, as it leaves the CPU to the env). A backend that cannot
 * start hands over to the next, and the report says which runs and why.
 */
import * as tf from '@tensorflow/tfjs';
import { DqnAgent } from '../agent/dqn';
import { ReplayBuffer } from '../agent/replayBuffer';
import { defaultConfig } from '../config/hyperparameters';
import { NumpyRandom } from '../env/rng';
import type { BackendChoice, BackendName, BackendReport } from './protocol';

const FALLBACK: Record<BackendName, BackendName[]> = {
  webgl: ['webgl', 'wasm', 'cpu'],
  wasm: ['wasm', 'cpu'],
  cpu: ['cpu'],
};
const WEBGL_WITHIN = 1.2;

/** Median ms of a lab update on the current backend, after a warm-up (shader compiles, kernel set-up). */
export function timeUpdate(updates = 12, warmup = 3): number {
  const lab = defaultConfig();
  const agent = new DqnAgent(
    { inputs: 8, hidden1: lab.hidden1, hidden2: lab.hidden2, actions: 4 },
    lab,
    0,
    'tfjs',
  );
  const rng = NumpyRandom.fromSeed(0);
  const memory = new ReplayBuffer(1000, 8);
  const state = () => Array.from({ length: 8 }, () => rng.uniform(-1, 1));
  for (let i = 0; i < 1000; i++) memory.add(state(), rng.integers(0, 4), rng.uniform(-1, 1), state(), false);
  const times: number[] = [];
  for (let k = 0; k < warmup + updates; k++) {
    const batch = memory.sample(64, rng);
    const t0 = performance.now();
    agent.learn(batch);
    if (k >= warmup) times.push(performance.now() - t0);
  }
  agent.dispose();
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

async function tryBackend(name: BackendName): Promise<string | null> {
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

export async function chooseBackend(choice: BackendChoice): Promise<BackendReport> {
  if (choice === 'auto') return chooseFastest();
  const failures: string[] = [];
  for (const name of FALLBACK[choice]) {
    const failure = await tryBackend(name);
    if (failure) {
      failures.push(failure);
      continue;
    }
    const reason = name === choice ? `${name}, as chosen` : `${name}, because ${failures.join('; ')}`;
    return { name, reason, updateMs: { [name]: timeUpdate() } };
  }
  throw new Error(`no TensorFlow.js backend could start: ${failures.join('; ')}`);
}

async function chooseFastest(): Promise<BackendReport> {
  const updateMs: Partial<Record<BackendName, number>> = {};
  const failures: string[] = [];
  for (const name of ['webgl', 'wasm'] as const) {
    const failure = await tryBackend(name);
    if (failure) failures.push(failure);
    else updateMs[name] = timeUpdate();
  }
  const { webgl, wasm } = updateMs;
  const ms = (v: number) => `${v.toFixed(2)} ms`;
  let name: BackendName;
  let reason: string;
  if (webgl !== undefined && wasm !== undefined) {
    name = webgl <= WEBGL_WITHIN * wasm ? 'webgl' : 'wasm';
    reason = `auto: an update took ${ms(webgl)} on webgl and ${ms(wasm)} on wasm`;
  } else if (webgl !== undefined || wasm !== undefined) {
    name = webgl !== undefined ? 'webgl' : 'wasm';
    reason = `auto: ${name} is the one that started (${failures.join('; ')})`;
  } else {
    name = 'cpu';
    reason = `auto: fell back to cpu (${failures.join('; ')})`;
  }
  const failure = await tryBackend(name);
  if (failure)
    throw new Error(`no TensorFlow.js backend could start: ${failures.concat(failure).join('; ')}`);
  if (updateMs[name] === undefined) updateMs[name] = timeUpdate();
  return { name, reason, updateMs };
}
