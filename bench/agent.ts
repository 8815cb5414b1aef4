/**
 * Learning speed per engine in Node, all measured in this one run: one update at the lab's shape (8-64-64-4,
 * batch 64; median and p90, engines interleaved round by round so that they share the machine's mood), its
 * ratio to the hand-written tfjs update on the wasm backend timed beside it, one greedy action, and the
 * training loop (env steps and updates per second) on the kernel and on tfjs-wasm, with the env alone for
 * scale; then where the loop's time per env step goes, part by part (stepProfile.ts). No figure from another
 * machine or day is printed: this machine class varies ~2× day to day.
 *
 *   npm run bench [-- --json] [-- --profile-episodes 400]
 */
import * as tf from '@tensorflow/tfjs';
import { DqnAgent } from '../src/agent/dqn';
import type { EngineName } from '../src/agent/engines/engineTable';
import { loadKernelFromDisk } from '../src/agent/engines/kernel/nodeKernel';
import type { KernelBuild } from '../src/agent/engines/kernel/kernelModule';
import { newLearner } from '../src/agent/engines/learners';
import type { LearnerName } from '../src/agent/learner';
import { ReplayBuffer } from '../src/agent/replayBuffer';
import type { Batch } from '../src/agent/replayBuffer';
import { PRESETS } from '../src/config/presets';
import { NumpyRandom } from '../src/env/rng';
import { VecLunarLander } from '../src/env/vecLunarLander';
import { selectEngine } from '../src/train/cli/engine';
import { Trainer } from '../src/train/loop/trainer';
import { profileLab, profileTable } from './stepProfile';

const json = process.argv.includes('--json');
const profileFlag = process.argv.indexOf('--profile-episodes');
const PROFILE_EPISODES = profileFlag > 0 ? Number(process.argv[profileFlag + 1]) : 400;
if (!Number.isInteger(PROFILE_EPISODES) || PROFILE_EPISODES < 25)
  throw new Error(
    `--profile-episodes takes a whole number of episodes from 25 up, got ${process.argv[profileFlag + 1]}`,
  );
const lab = PRESETS.lab.config;
const SHAPE = { inputs: 8, hidden1: 64, hidden2: 64, actions: 4 };
const ROUNDS = 12;
const log = (line: string) => {
  if (!json) console.log(line);
};

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.floor(q * (xs.length - 1))];

function envStepsPerSecond(): number {
  const vec = new VecLunarLander(1);
  const rng = NumpyRandom.fromSeed(1);
  const actions = new Int32Array(1);
  vec.reset(0);
  const t0 = performance.now();
  for (let k = 0; k < 50_000; k++) {
    actions[0] = rng.integers(0, 4);
    vec.step(actions);
  }
  return 50_000 / ((performance.now() - t0) / 1000);
}

const rng = NumpyRandom.fromSeed(2);
const memory = new ReplayBuffer(10_000, 8);
const randomState = () => Array.from({ length: 8 }, () => rng.uniform(-1, 1));
for (let i = 0; i < 10_000; i++)
  memory.add(randomState(), rng.integers(0, 4), rng.uniform(-1, 1), randomState(), false);
/** Copies, so that every engine learns on the same batches. */
const batches: Batch[] = Array.from({ length: 64 }, () => {
  const b = memory.sample(64, rng);
  return {
    ...b,
    states: b.states.slice(),
    nextStates: b.nextStates.slice(),
    actions: b.actions.slice(),
    rewards: b.rewards.slice(),
    dones: b.dones.slice(),
  };
});

/** An agent at the lab's shape and settings, made for the batches timed here. */
const labAgent = (learner: LearnerName) => new DqnAgent(newLearner(learner, SHAPE, 0, 64), lab, 0);

interface Timed {
  name: string;
  agent: DqnAgent;
  updateUs: number[];
}

/** Per-update µs of a block of updates, timed one by one. */
function timeBlock(t: Timed, updates: number): void {
  for (let k = 0; k < updates; k++) {
    const batch = batches[t.updateUs.length % batches.length];
    const t0 = performance.now();
    t.agent.learn(batch);
    t.updateUs.push((performance.now() - t0) * 1000);
  }
}

function actionUs(agent: DqnAgent): number {
  const state = new Float32Array(randomState());
  agent.act(state, 0, rng);
  const t0 = performance.now();
  for (let k = 0; k < 50_000; k++) agent.act(state, 0, rng);
  return ((performance.now() - t0) * 1000) / 50_000;
}

/** Agents for each kernel build this runtime runs (each keeps the build it was made with). */
async function kernelAgents(): Promise<Timed[]> {
  const builds: KernelBuild[] = ['scalar', 'relaxed', 'simd'];
  const timed: Timed[] = [];
  for (const build of builds) {
    try {
      const loaded = await loadKernelFromDisk([build]);
      const name = loaded.build === 'simd' ? 'kernel' : `kernel-${loaded.build}`;
      timed.push({ name, agent: labAgent('kernel'), updateUs: [] });
    } catch {
      log(
        `(the ${build} kernel does not run here${build === 'relaxed' ? ': Node 20 needs --experimental-wasm-relaxed-simd' : ''})`,
      );
    }
  }
  return timed;
}

function summary(t: Timed, warmup: number) {
  const times = t.updateUs.slice(warmup);
  return { updateUsMedian: quantile(times, 0.5), updateUsP90: quantile(times, 0.9) };
}

function trainingLoop(engine: EngineName) {
  // Without greedy evaluations: this is the training loop's own speed (evaluation has its own figure).
  const trainer = new Trainer({ ...lab, seed: 5, evalEvery: 0 }, { engine });
  trainer.runEpisodes(3); // past the first learning steps
  const [s0, u0, t0] = [trainer.envSteps, trainer.agent.updates, performance.now()];
  trainer.runEpisodes(40);
  const seconds = (performance.now() - t0) / 1000;
  const result = {
    envStepsPerSecond: Math.round((trainer.envSteps - s0) / seconds),
    updatesPerSecond: Math.round((trainer.agent.updates - u0) / seconds),
    usPerEnvStep: Number(((seconds * 1e6) / (trainer.envSteps - s0)).toFixed(1)),
  };
  trainer.dispose();
  return result;
}

// Block 1, tfjs on wasm: every kernel build, the hand-written tfjs update and the autodiff reference,
// interleaved round by round.
await selectEngine('tfjs-wasm', { hidden1: 64, hidden2: 64, batchSize: 64 });
const wasmBlock: Timed[] = [
  ...(await kernelAgents()),
  { name: 'tfjs-wasm', agent: labAgent('handwritten'), updateUs: [] },
  { name: 'autodiff-wasm', agent: labAgent('autodiff'), updateUs: [] },
];
const perRound = (name: string) => (name.startsWith('kernel') && name !== 'kernel-scalar' ? 400 : 40);
for (let round = 0; round < ROUNDS; round++) for (const t of wasmBlock) timeBlock(t, perRound(t.name));
const engines: Record<
  string,
  { updateUsMedian: number; updateUsP90: number; ratioToTfjsWasm: number; actionUs: number }
> = {};
const wasmMedian = summary(
  wasmBlock.find((t) => t.name === 'tfjs-wasm')!,
  40,
).updateUsMedian;
for (const t of wasmBlock) {
  const s = summary(t, perRound(t.name));
  engines[t.name] = { ...s, ratioToTfjsWasm: s.updateUsMedian / wasmMedian, actionUs: actionUs(t.agent) };
}
const loop = { kernel: trainingLoop('kernel'), 'tfjs-wasm': trainingLoop('tfjs-wasm') };
for (const t of wasmBlock) t.agent.dispose();

// Block 2: tfjs on its plain-JS cpu backend (not interleaved: a tfjs backend is global).
await tf.setBackend('cpu');
const cpu: Timed = { name: 'tfjs-cpu', agent: labAgent('handwritten'), updateUs: [] };
timeBlock(cpu, 200);
const cpuSummary = summary(cpu, 50);
engines['tfjs-cpu'] = {
  ...cpuSummary,
  ratioToTfjsWasm: cpuSummary.updateUsMedian / wasmMedian,
  actionUs: actionUs(cpu.agent),
};
cpu.agent.dispose();

const envAlone = Math.round(envStepsPerSecond());
// On the kernel again (the cpu block above left tfjs on cpu, which the kernel does not use).
await loadKernelFromDisk();
const profile = profileLab(PROFILE_EPISODES);
const round = (v: number, digits: number) => Number(v.toFixed(digits));
for (const e of Object.values(engines)) {
  e.updateUsMedian = round(e.updateUsMedian, 1);
  e.updateUsP90 = round(e.updateUsP90, 1);
  e.ratioToTfjsWasm = round(e.ratioToTfjsWasm, 3);
  e.actionUs = round(e.actionUs, 2);
}

if (json) {
  console.log(JSON.stringify({ envStepsPerSecond: envAlone, engines, loop, profile }));
} else {
  console.log('One lab update (8-64-64-4, batch 64), engines interleaved in this run:');
  for (const [name, e] of Object.entries(engines)) {
    console.log(
      `  ${name.padEnd(15)} ${e.updateUsMedian.toFixed(1).padStart(7)} µs median, ${e.updateUsP90.toFixed(1).padStart(7)} p90` +
        `  ${e.ratioToTfjsWasm.toFixed(3)}× tfjs-wasm   action ${e.actionUs.toFixed(2)} µs`,
    );
  }
  for (const [name, l] of Object.entries(loop)) {
    console.log(
      `Training loop (lab, ${name}): ${l.envStepsPerSecond} env steps/s, ${l.updatesPerSecond} updates/s, ${l.usPerEnvStep} µs per env step`,
    );
  }
  console.log(`Env alone: ${envAlone} steps/s (${(1e6 / envAlone).toFixed(1)} µs per step)`);
  for (const line of profileTable(profile)) console.log(line);
}
