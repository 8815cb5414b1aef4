/**
 * Env speed: steps per second with random discrete actions and automatic reset (median of 3 runs of 100k
 * steps), and reset() time, for one LunarLander and for VecLunarLander(8). Only our own figures are
 * measured: Gymnasium's is printed as a figure from another machine and day, with no ratio, because this
 * machine class varies by nearly 2× from day to day and a ratio across days would mislead.
 */
import { LunarLander } from '../src/env/lunarLander';
import { NumpyRandom } from '../src/env/rng';
import { VecLunarLander } from '../src/env/vecLunarLander';
import type { DiscreteAction } from '../src/env/types';

const STEPS = Number(process.env.BENCH_STEPS ?? 100_000);
const RUNS = 3;
const RESETS = 2_000;
/** Gymnasium's C++ Box2D LunarLander, measured elsewhere (shared/reference/FIGURES.md). */
const GYMNASIUM_ELSEWHERE = { stepsPerSecond: 38_300, resetMicros: 140 };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const now = () => performance.now();

function singleStepsPerSecond(seed: number): number {
  const env = new LunarLander();
  const actions = NumpyRandom.fromSeed(10_000 + seed);
  env.reset(seed);
  const t0 = now();
  for (let k = 0; k < STEPS; k++) {
    const r = env.step(actions.integers(0, 4) as DiscreteAction);
    if (r.terminated || r.truncated) env.reset();
  }
  return STEPS / ((now() - t0) / 1000);
}

function vecStepsPerSecond(n: number, seed: number): number {
  const vec = new VecLunarLander(n);
  const picker = NumpyRandom.fromSeed(10_000 + seed);
  const actions = new Int32Array(n);
  vec.reset(seed);
  const t0 = now();
  for (let k = 0; k < STEPS / n; k++) {
    for (let i = 0; i < n; i++) actions[i] = picker.integers(0, 4);
    vec.step(actions);
  }
  return STEPS / ((now() - t0) / 1000);
}

function resetMicros(make: () => { reset(seed?: number): unknown }): number {
  const env = make();
  env.reset(0);
  const t0 = now();
  for (let k = 0; k < RESETS; k++) env.reset();
  return ((now() - t0) * 1000) / RESETS;
}

singleStepsPerSecond(99); // warm up the JIT before timing
const single = median(Array.from({ length: RUNS }, (_, i) => singleStepsPerSecond(i)));
const vec = median(Array.from({ length: RUNS }, (_, i) => vecStepsPerSecond(8, i)));
const reset1 = median(Array.from({ length: RUNS }, () => resetMicros(() => new LunarLander())));
const reset8 = median(Array.from({ length: RUNS }, () => resetMicros(() => new VecLunarLander(8)))) / 8;

const fmt = (x: number) => Math.round(x).toLocaleString('en-US');
console.log(
  `LunarLander        ${fmt(single)} steps/s (median of ${RUNS} × ${fmt(STEPS)} random steps, auto-reset)`,
);
console.log(`LunarLander reset  ${reset1.toFixed(1)} µs`);
console.log(`VecLunarLander(8)  ${fmt(vec)} steps/s, reset ${reset8.toFixed(1)} µs per env`);
console.log(
  `From elsewhere (another machine and day, not comparable with the above): Gymnasium's C++ Box2D ` +
    `${fmt(GYMNASIUM_ELSEWHERE.stepsPerSecond)} steps/s, reset ${GYMNASIUM_ELSEWHERE.resetMicros} µs`,
);
