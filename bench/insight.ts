/**
 * What the playground's insight frames (policy map, network, reward parts, Bellman target) cost training
 * at Maximum speed: a TrainingSession for a few seconds, with and without them, in alternating rounds
 * from the same seed, as steps per second; the share of the time spent making and cloning frames (the
 * steadier figure where the machine is shared: runs differ by ±10% there); and one frame's own time.
 * The session's clock is this process's CPU time, so that the figures are the ones a worker with a core
 * of its own would see, however busy the machine (on wall time a shared machine would hand the frames a
 * larger share).
 * `npm run bench:insight -- [seconds per run, default 8] [rounds, default 3] [--engine NAME, default kernel]`
 */
import { PRESETS } from '../src/config/presets';
import { selectEngine } from '../src/train/cli/engine';
import { Insight } from '../src/train/insight/insight';
import { TrainingSession } from '../src/train/host/session';
import type { Progress } from '../src/train/host/progress';
import { Trainer } from '../src/train/loop/trainer';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const seconds = Number(args[0] ?? 8);
const rounds = Number(args[1] ?? 3);
const lab = PRESETS.lab.config;
const engineAt = process.argv.indexOf('--engine');
const engine = (await selectEngine(engineAt > 0 ? process.argv[engineAt + 1] : 'kernel', lab)).name;

/** Milliseconds of CPU this process has used. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/**
 * CPU ms spent making and cloning frames during the runs with them. Only frames are timed in the runs: a
 * clock read around every step's `observe` would itself slow the runs with insight (its cost per step is
 * measured on its own below).
 */
let insideMs = 0;
let totalMs = 0;
for (const method of ['frame'] as const) {
  const original = Insight.prototype[method] as (...args: unknown[]) => unknown;
  (Insight.prototype as unknown as Record<string, unknown>)[method] = function (
    this: Insight,
    ...args: unknown[]
  ) {
    const t0 = cpuMs();
    try {
      return original.apply(this, args);
    } finally {
      insideMs += cpuMs() - t0;
    }
  };
}

/** Steps per second of one run; each emitted progress is cloned as postMessage would clone it. */
function run(insight: boolean, seconds: number): Promise<{ stepsPerSecond: number; frames: number }> {
  return new Promise((resolve) => {
    let frames = 0;
    let steps = 0;
    let at = 0;
    const t0 = cpuMs();
    const session = new TrainingSession(
      lab,
      {
        now: cpuMs,
        schedule: (task, delayMs) => (delayMs > 0 ? setTimeout(task, delayMs) : setImmediate(task)),
        emit: (p: Progress) => {
          const c0 = cpuMs();
          structuredClone(p.insight);
          insideMs += cpuMs() - c0;
          structuredClone({ ...p, insight: null });
          if (p.insight) frames++;
          steps = p.status.envSteps;
          at = cpuMs();
        },
        insight,
      },
      engine,
    );
    session.setSpeed(Infinity);
    session.start();
    const poll = setInterval(() => {
      if (cpuMs() - t0 < seconds * 1000) return;
      clearInterval(poll);
      session.pause();
      session.dispose();
      if (insight) totalMs += at - t0;
      resolve({ stepsPerSecond: (steps * 1000) / (at - t0), frames });
    }, 50);
  });
}

/** One frame's CPU time with the map and without it (when the map is not due), and one step's observing. */
function frameTimes(): { mapFrameMs: number; lightFrameMs: number; observeUs: number } {
  const trainer = new Trainer(lab);
  for (let i = 0; i < 3000; i++) trainer.step();
  const insight = new Insight(cpuMs);
  const withMap: number[] = [];
  const light: number[] = [];
  for (let k = 0; withMap.length < 15 || light.length < 15; k++) {
    const t0 = cpuMs();
    const frame = insight.frame(trainer, 250 * k, Infinity)!;
    (frame.map ? withMap : light).push(cpuMs() - t0);
  }
  const t0 = cpuMs();
  for (let k = 0; k < 100_000; k++) insight.observe(trainer);
  const observeUs = ((cpuMs() - t0) * 1000) / 100_000;
  trainer.dispose();
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  return { mapFrameMs: median(withMap), lightFrameMs: median(light), observeUs };
}

// A first run as long as the others warms up the JIT, the backend and the heap for both paths (a shorter
// one left the first measured run a tenth slow); its figures are not kept.
await run(true, seconds);
insideMs = totalMs = 0;
const on: number[] = [];
const off: number[] = [];
for (let r = 0; r < rounds; r++) {
  for (const withInsight of r % 2 ? [false, true] : [true, false]) {
    const { stepsPerSecond, frames } = await run(withInsight, seconds);
    (withInsight ? on : off).push(stepsPerSecond);
    console.log(
      `round ${r + 1}, insight ${withInsight ? 'on ' : 'off'}: ${stepsPerSecond.toFixed(0)} steps/s` +
        (withInsight ? ` (${frames} frames)` : ''),
    );
  }
}
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const insideShare = insideMs / totalMs;
const { mapFrameMs, lightFrameMs, observeUs } = frameTimes();
console.log(
  `${engine}, lab settings, runs of ${seconds} CPU-seconds: ${mean(off).toFixed(0)} steps/s without insight, ` +
    `${mean(on).toFixed(0)} with (${((100 * (mean(off) - mean(on))) / mean(off)).toFixed(1)}% slower); ` +
    `a frame with the map ${mapFrameMs.toFixed(2)} ms, without ${lightFrameMs.toFixed(2)} ms; ` +
    `observing a step ${observeUs.toFixed(2)} µs; making and cloning frames ${(100 * insideShare).toFixed(1)}% ` +
    `of the time of the runs with them`,
);
