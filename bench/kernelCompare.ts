/**
 * Two builds of the learning kernel timed against each other in one process: a committed build (SIMD unless
 * --build names another) and a .wasm file kept from before a change (copy build/<build>.wasm aside first).
 * Each learns the same batches from the same weights at the lab's shape (8-64-64-4, batch 64), in
 * alternating blocks so that both share the machine's mood, under the lab's settings (MSE) and fast's
 * (Double DQN, Huber), each from a fresh Adam and from one 17,000 updates on; the soft target update is part
 * of each timed update, as in the agent. At the end it says whether the two learners' weights and Adam
 * moments are the same bits: a change that keeps them so changes no run.
 *
 *   npm run bench:kernel -- --against /tmp/old-simd.wasm [--build simd|relaxed|scalar] [--rounds 20] [--block 300]
 */
import { readFile } from 'node:fs/promises';
import { KernelLearner } from '../src/agent/engines/kernel/kernelLearner';
import { KERNEL_BUILDS } from '../src/agent/engines/kernel/kernelModule';
import type { KernelBuild } from '../src/agent/engines/kernel/kernelModule';
import { kernelFile } from '../src/agent/engines/kernel/nodeKernel';
import type { LearningSettings } from '../src/agent/learner';
import { initialWeights } from '../src/agent/qNetwork';
import { ReplayBuffer } from '../src/agent/replayBuffer';
import type { Batch } from '../src/agent/replayBuffer';
import { PRESETS } from '../src/config/presets';
import { NumpyRandom } from '../src/env/rng';

const USAGE =
  'Usage: npm run bench:kernel -- --against OLD.wasm [--build simd|relaxed|scalar] [--rounds N] [--block UPDATES]';

function flag(name: string, fallback?: string): string {
  const at = process.argv.indexOf(name);
  const value = at > 0 ? process.argv[at + 1] : fallback;
  if (value === undefined) throw new Error(`${name} is required\n${USAGE}`);
  return value;
}

function wholeNumber(name: string, fallback: number): number {
  const value = Number(flag(name, String(fallback)));
  if (!Number.isInteger(value) || value < 1)
    throw new Error(
      `${name} takes a whole number from 1 up, got ${process.argv[process.argv.indexOf(name) + 1]}`,
    );
  return value;
}

const against = flag('--against');
const build = flag('--build', 'simd') as KernelBuild;
if (!KERNEL_BUILDS.includes(build))
  throw new Error(`--build takes one of ${KERNEL_BUILDS.join(', ')}, got ${build}\n${USAGE}`);
const ROUNDS = wholeNumber('--rounds', 20);
const BLOCK = wholeNumber('--block', 300);
const SHAPE = { inputs: 8, hidden1: 64, hidden2: 64, actions: 4, dueling: false };
const BATCH = 64;

async function compiled(path: string | URL): Promise<WebAssembly.Module> {
  const bytes = await readFile(path);
  if (!WebAssembly.validate(bytes))
    throw new Error(`${String(path)} is not a WebAssembly module this runtime runs`);
  return WebAssembly.compile(bytes);
}

const modules = { old: await compiled(against), new: await compiled(kernelFile(build)) };

const rng = NumpyRandom.fromSeed(2);
const memory = new ReplayBuffer(10_000, SHAPE.inputs);
const randomState = () => Array.from({ length: SHAPE.inputs }, () => rng.uniform(-1, 1));
for (let i = 0; i < 10_000; i++)
  memory.add(
    randomState(),
    rng.integers(0, SHAPE.actions),
    rng.uniform(-1, 1),
    randomState(),
    rng.uniform(0, 1) < 0.02,
  );
const batches: Batch[] = Array.from({ length: 64 }, () => {
  const b = memory.sample(BATCH, rng);
  return {
    ...b,
    states: b.states.slice(),
    nextStates: b.nextStates.slice(),
    actions: b.actions.slice(),
    rewards: b.rewards.slice(),
    dones: b.dones.slice(),
  };
});

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];

function settingsOf(preset: 'lab' | 'fast'): LearningSettings {
  const c = PRESETS[preset].config;
  return {
    gamma: c.gamma,
    learningRate: c.learningRate,
    tau: c.tau,
    doubleDqn: c.doubleDqn,
    loss: c.loss,
    gradClipNorm: c.gradClipNorm,
    hardTargetEvery: c.hardTargetEvery,
    nStep: c.nStep,
  };
}

interface Timed {
  learner: KernelLearner;
  updates: number;
  us: number[];
}

function timeBlock(t: Timed, settings: LearningSettings): void {
  for (let k = 0; k < BLOCK; k++) {
    const batch = batches[t.updates++ % batches.length];
    const t0 = performance.now();
    t.learner.learn(batch, settings);
    t.learner.updateTarget(settings.tau);
    t.us.push((performance.now() - t0) * 1000);
  }
}

function sameBits(a: KernelLearner, b: KernelLearner): boolean {
  const [x, y] = [a.save(), b.save()];
  const arrays = ['online', 'target', 'firstMoment', 'secondMoment'] as const;
  return arrays.every((name) => Buffer.from(x[name].buffer).equals(Buffer.from(y[name].buffer)));
}

console.log(`old: ${against}; new: ${kernelFile(build).pathname}`);
console.log(`µs per update (learn + soft target), 8-64-64-4, batch ${BATCH}, ${ROUNDS} rounds of ${BLOCK}:`);
// Adam's bias corrections 1 − β1ᵗ and 1 − β2ᵗ reach 1 in f32 at updates 165 and 17,321, and then
// cost nothing: so each preset is timed from a fresh optimizer and from one 17,000 updates on, which
// crosses the second (a lab run to proven makes ~40,000 updates).
const CASES = [
  { preset: 'lab', adamSteps: 0 },
  { preset: 'lab', adamSteps: 17_000 },
  { preset: 'fast', adamSteps: 0 },
  { preset: 'fast', adamSteps: 17_000 },
] as const;
for (const { preset, adamSteps } of CASES) {
  const settings = settingsOf(preset);
  const weights = initialWeights(SHAPE, 0);
  const make = (module: WebAssembly.Module): Timed => {
    const learner = new KernelLearner(SHAPE, weights, weights.slice(), BATCH, module);
    learner.load({ ...learner.save(), adamSteps });
    return { learner, updates: 0, us: [] };
  };
  const timed = { old: make(modules.old), new: make(modules.new) };
  for (let round = 0; round < ROUNDS; round++) {
    // Alternate which goes first, so that neither always follows the other.
    const order = round % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const);
    for (const which of order) timeBlock(timed[which], settings);
  }
  const line = (which: 'old' | 'new') => {
    const us = timed[which].us.slice(BLOCK); // the first block warms up
    return `${quantile(us, 0.5).toFixed(1)} median, ${quantile(us, 0.9).toFixed(1)} p90`;
  };
  const ratio = quantile(timed.new.us.slice(BLOCK), 0.5) / quantile(timed.old.us.slice(BLOCK), 0.5);
  console.log(
    `  ${preset.padEnd(4)} Adam from step ${String(adamSteps).padEnd(6)} old ${line('old')}  new ${line('new')}  new/old ${ratio.toFixed(3)}  ` +
      `same bits after ${timed.new.updates} updates: ${sameBits(timed.old.learner, timed.new.learner) ? 'yes' : 'NO'}`,
  );
}
