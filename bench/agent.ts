/**
 * Agent speed on each Node backend: one lab update (batch 64, median; the hand-written update the trainer
 * uses, and the autodiff reference), one greedy action, and a short
 * full training loop (env steps and updates per second); plus the env alone. Figures to compare with
 * PyTorch's lab DQN here: 0.95 ms per update, 28.5 µs per action (shared/reference/FIGURES.md).
 */

import { DqnAgent } from '../src/agent/dqn';
import { ReplayBuffer } from '../src/agent/replayBuffer';
import { PRESETS } from '../src/config/presets';
import { NumpyRandom } from '../src/env/rng';
import { VecLunarLander } from '../src/env/vecLunarLander';
import { selectBackend, NODE_BACKENDS } from '../src/train/cli/backend';
import { Trainer } from '../src/train/trainer';

const json = process.argv.includes('--json');
const lab = PRESETS.lab.config;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

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

function updateAndActionTimes(update: 'autodiff' | 'tfjs'): { updateMs: number; actionUs: number } {
  const agent = new DqnAgent({ inputs: 8, hidden1: 64, hidden2: 64, actions: 4 }, lab, 0, update);
  const rng = NumpyRandom.fromSeed(2);
  const memory = new ReplayBuffer(10_000, 8);
  const s = () => Array.from({ length: 8 }, () => rng.uniform(-1, 1));
  for (let i = 0; i < 10_000; i++) memory.add(s(), rng.integers(0, 4), rng.uniform(-1, 1), s(), false);
  const times: number[] = [];
  for (let k = 0; k < 300; k++) {
    const batch = memory.sample(64, rng);
    const t0 = performance.now();
    agent.learn(batch);
    if (k >= 50) times.push(performance.now() - t0);
  }
  const state = new Float32Array(s());
  agent.qValues(state);
  const t0 = performance.now();
  for (let k = 0; k < 20_000; k++) agent.act(state, 0, rng);
  const actionUs = ((performance.now() - t0) * 1000) / 20_000;
  agent.dispose();
  return { updateMs: median(times), actionUs };
}

function trainingLoop(): { envStepsPerSecond: number; updatesPerSecond: number } {
  const trainer = new Trainer({ ...lab, seed: 5 });
  trainer.runEpisodes(3); // past the first learning steps
  const [s0, u0, t0] = [trainer.envSteps, trainer.agent.updates, performance.now()];
  trainer.runEpisodes(25);
  const seconds = (performance.now() - t0) / 1000;
  const result = {
    envStepsPerSecond: (trainer.envSteps - s0) / seconds,
    updatesPerSecond: (trainer.agent.updates - u0) / seconds,
  };
  trainer.dispose();
  return result;
}

const results: Record<string, unknown> = { envStepsPerSecond: Math.round(envStepsPerSecond()) };
for (const backend of NODE_BACKENDS) {
  await selectBackend(backend);
  const reference = updateAndActionTimes('autodiff');
  const { updateMs, actionUs } = updateAndActionTimes('tfjs');
  const loop = trainingLoop();
  results[backend] = {
    updateMsMedian: Number(updateMs.toFixed(3)),
    referenceUpdateMsMedian: Number(reference.updateMs.toFixed(3)),
    actionUs: Number(actionUs.toFixed(2)),
    loopEnvStepsPerSecond: Math.round(loop.envStepsPerSecond),
    loopUpdatesPerSecond: Math.round(loop.updatesPerSecond),
  };
  if (!json) {
    console.log(
      `${backend.padEnd(5)} update ${updateMs.toFixed(2)} ms (median, batch 64; autodiff reference ` +
        `${reference.updateMs.toFixed(2)} ms; PyTorch 0.95 ms)  ` +
        `action ${actionUs.toFixed(1)} µs (PyTorch 28.5 µs)  ` +
        `loop ${Math.round(loop.envStepsPerSecond)} env steps/s, ${Math.round(loop.updatesPerSecond)} updates/s`,
    );
  }
}
console.log(json ? JSON.stringify(results) : `env alone: ${results.envStepsPerSecond} steps/s`);
