/**
 * Where a training step's time goes: the lab's loop on the kernel, split into its parts, in whichever
 * runtime imports it (bench/agent.ts in Node, bench/profileWorker.ts in Chromium's worker).
 *
 * Two trainers run the same seed, so they take exactly the same steps: one untimed, one with a clock
 * around each part, in alternating blocks of episodes so that both share the machine's mood. The timed
 * one's wrappers are set on its own objects (its worlds included), so the untimed one runs the real loop
 * untouched. Each part's time is its own, less the parts timed inside it, so the
 * parts of the timed trainer add up to its step; how close they come to the untimed loop's time per step
 * says what the clock itself costs.
 */
import { World } from 'planck';
import { PRESETS } from '../src/config/presets';
import type { Config } from '../src/config/hyperparameters';
import { Trainer } from '../src/train/loop/trainer';
import type { EpisodeReport, TrainerListener } from '../src/train/loop/reports';

export const PARTS = [
  ['physics', "planck's world step (contacts, the legs' joints)"],
  ['new episode', 'reset: a new world, terrain, lander and legs, and its first physics step'],
  ['lander', "the lander's own work: engines' impulses, reward, observation"],
  ['vector env', 'the vector env: action checks, copies into its arrays, auto-reset'],
  ['acting', 'ε-greedy: a draw and, when greedy, one forward pass'],
  ['replay add', 'one transition into the replay memory'],
  ['replay sample', 'a mini-batch drawn from the replay memory'],
  ['update', 'the learning update (batch into the kernel, the update, the target)'],
  ['progress and history', 'the episode report heard: history kept, progress line written'],
  ['bookkeeping', "the trainer's own step: returns, counters, ε, the course's rule"],
] as const;
export type PartName = (typeof PARTS)[number][0];

export interface StepProfile {
  seed: number;
  /** Episodes flown first by both trainers and not counted. */
  warmupEpisodes: number;
  /** Episodes counted, after the warm-up; their env steps and updates. */
  episodes: number;
  envSteps: number;
  updates: number;
  /** µs per env step of the untimed loop. */
  wholeUs: number;
  /** µs per env step of the timed loop, and of each of its parts (they add up to `timedUs`). */
  timedUs: number;
  parts: Record<PartName, number>;
  /** Clock reads per env step in the timed loop, and what one costs, in ns. */
  clockReadsPerStep: number;
  clockReadNs: number;
}

type Clock = () => number;

/** Self times: a part's span less the spans of the parts called inside it. */
class PartTimer {
  readonly ms = new Float64Array(PARTS.length);
  /** Clock reads so far (an array, so that the wrappers count without holding the timer). */
  readonly reads = new Float64Array(1);
  private readonly inner: number[] = [];

  constructor(private readonly clock: Clock) {}

  /** `f` timed as `part`, called on whatever object the wrapper is called on. */
  wrap<T, A extends unknown[], R>(part: PartName, f: (this: T, ...args: A) => R): (this: T, ...args: A) => R {
    const index = PARTS.findIndex(([name]) => name === part);
    const { clock, inner, ms, reads } = this;
    return function (this: T, ...args: A): R {
      inner.push(0);
      const t0 = clock();
      const result = f.apply(this, args);
      const span = clock() - t0;
      ms[index] += span - inner.pop()!;
      if (inner.length > 0) inner[inner.length - 1] += span;
      reads[0] += 2;
      return result;
    };
  }
}

/** What the command line's listener does per episode: keep the report, write a progress line. */
function historyListener(out: { history: EpisodeReport[]; line: string }): TrainerListener {
  return {
    onEpisode(r) {
      out.history.push(r);
      out.line =
        `Episode ${String(r.episode).padStart(5)} | avg of last 100: ${r.avg100.toFixed(2).padStart(8)} | ` +
        `ε ${r.epsilon.toFixed(3)} | ${Math.round(r.stepsPerSecond)} steps/s`;
    },
  };
}

function instrument(trainer: Trainer, timer: PartTimer): void {
  const t = trainer as unknown as Record<string, unknown>;
  t.step = timer.wrap('bookkeeping', trainer.step);
  const { agent, memory } = trainer;
  agent.act = timer.wrap('acting', agent.act);
  agent.learn = timer.wrap('update', agent.learn);
  memory.add = timer.wrap('replay add', memory.add);
  memory.sample = timer.wrap('replay sample', memory.sample);
  const env = trainer.env as Trainer['env'] & { envs?: Lander[] };
  env.step = timer.wrap('vector env', env.step);
  // Each world gets the timed step as its own, so that the untimed trainer's worlds are left untouched.
  const physics = timer.wrap('physics', World.prototype.step);
  for (const lander of env.envs ?? []) {
    const reset = lander.reset;
    lander.step = timer.wrap('lander', lander.step);
    lander.reset = timer.wrap('new episode', function (this: Lander, ...args: unknown[]) {
      const result = reset.apply(this, args);
      this.world.step = physics;
      return result;
    });
    lander.world.step = physics;
  }
}

/** What the profile reaches into on each LunarLander: its methods and its current world. */
interface Lander {
  step: (...args: unknown[]) => unknown;
  reset: (...args: unknown[]) => unknown;
  world: { step: World['step'] };
}

/** What one clock read costs, in ns (the sum is kept so that the reads cannot be optimised away). */
function clockReadNs(clock: Clock): number {
  let sum = 0;
  const reads = 200_000;
  const t0 = clock();
  for (let k = 0; k < reads; k++) sum += clock();
  const ms = clock() - t0;
  return Number.isFinite(sum) ? (ms * 1e6) / reads : NaN;
}

/**
 * The lab's seed `seed` with evaluation off, on the kernel (loaded by the caller): a first block of `block`
 * episodes to warm up, then `episodes` episodes in blocks of `block`, the untimed and the timed trainer
 * taking turns block by block.
 */
export function profileLab(
  episodes = 400,
  block = 10,
  seed = 0,
  clock: Clock = () => performance.now(),
): StepProfile {
  const config: Config = { ...PRESETS.lab.config, seed, evalEvery: 0, maxEpisodes: episodes + block };
  const sinks = [
    { history: [], line: '' },
    { history: [], line: '' },
  ];
  const untimed = new Trainer(config, { engine: 'kernel', listener: historyListener(sinks[0]) });
  const timer = new PartTimer(clock);
  const timedListener = historyListener(sinks[1]);
  timedListener.onEpisode = timer.wrap('progress and history', timedListener.onEpisode!);
  const timed = new Trainer(config, { engine: 'kernel', listener: timedListener });
  instrument(timed, timer);

  let untimedMs = 0;
  let timedMs = 0;
  const runUntimed = () => {
    const t0 = clock();
    untimed.runEpisodes(block);
    untimedMs += clock() - t0;
  };
  const runTimed = () => {
    const t0 = clock();
    timed.runEpisodes(block);
    timedMs += clock() - t0;
  };
  // A first round for both, uncounted, so that neither is timed while the JIT is still compiling it.
  runUntimed();
  runTimed();
  untimedMs = timedMs = 0;
  timer.ms.fill(0);
  timer.reads[0] = 0;
  const [warmSteps, warmUpdates, warmEpisodes] = [timed.envSteps, timed.agent.updates, timed.episodes];
  // Each goes first in every other round, so that neither always meets a cold cache first.
  for (let round = 0; round * block < episodes; round++) {
    if (round % 2 === 0) {
      runUntimed();
      runTimed();
    } else {
      runTimed();
      runUntimed();
    }
  }
  if (untimed.envSteps !== timed.envSteps || untimed.returns.at(-1) !== timed.returns.at(-1)) {
    throw new Error('the timed and the untimed trainer parted: the profile is not of the same steps');
  }
  const steps = timed.envSteps - warmSteps;
  const perStepUs = (ms: number) => (ms * 1000) / steps;
  const parts = Object.fromEntries(PARTS.map(([name], i) => [name, perStepUs(timer.ms[i])])) as Record<
    PartName,
    number
  >;
  const profile: StepProfile = {
    seed,
    warmupEpisodes: warmEpisodes,
    episodes: timed.episodes - warmEpisodes,
    envSteps: steps,
    updates: timed.agent.updates - warmUpdates,
    wholeUs: perStepUs(untimedMs),
    timedUs: perStepUs(timedMs),
    parts,
    clockReadsPerStep: timer.reads[0] / steps,
    clockReadNs: clockReadNs(clock),
  };
  untimed.dispose();
  timed.dispose();
  return profile;
}

/** The profile as a table: each part's µs per env step and share, the sums, the check. */
export function profileTable(p: StepProfile): string[] {
  const sum = Object.values(p.parts).reduce((a, b) => a + b, 0);
  const env = p.parts.physics + p.parts['new episode'] + p.parts.lander + p.parts['vector env'];
  const lines = [
    `The lab's loop on the kernel, seed ${p.seed}, episodes ${p.warmupEpisodes + 1}–${p.warmupEpisodes + p.episodes} (${p.envSteps} env steps, ${p.updates} updates; the first ${p.warmupEpisodes} warm up), no evaluation:`,
    `  ${'part'.padEnd(22)} ${'µs/step'.padStart(8)} ${'share'.padStart(6)}`,
  ];
  for (const [name, what] of PARTS) {
    const us = p.parts[name];
    lines.push(
      `  ${name.padEnd(22)} ${us.toFixed(2).padStart(8)} ${((100 * us) / sum).toFixed(1).padStart(5)}%  ${what}`,
    );
  }
  const clockUs = (p.clockReadsPerStep * p.clockReadNs) / 1000;
  const ofWhole = (us: number) => `${((100 * us) / p.wholeUs).toFixed(1)}% of the untimed loop`;
  lines.push(
    `  ${'parts, summed'.padEnd(22)} ${sum.toFixed(2).padStart(8)}         ${ofWhole(sum)}; the timed loop: ${p.timedUs.toFixed(2)} µs/step`,
    `  ${"less the clock's reads".padEnd(22)} ${(sum - clockUs).toFixed(2).padStart(8)}         ${ofWhole(sum - clockUs)} ` +
      `(${p.clockReadsPerStep.toFixed(1)} reads a step at ${p.clockReadNs.toFixed(0)} ns)`,
    `  ${'the loop, untimed'.padEnd(22)} ${p.wholeUs.toFixed(2).padStart(8)}`,
    `  untimed loop / (env step ${env.toFixed(2)} + update ${p.parts.update.toFixed(2)} µs): ` +
      `${(p.wholeUs / (env + p.parts.update)).toFixed(3)}×`,
  );
  return lines;
}
