/**
 * The port's own generator against Gymnasium: reset(seed) draws the same moon and push, and the heuristic
 * pilot flying closed loop from seeds 0–19 scores as it does in Gymnasium.
 */
import { describe, expect, it } from 'vitest';
import { heuristicDiscrete } from '../../src/env/heuristic';
import { LunarLander } from '../../src/env/lunarLander';
import { NumpyRandom } from '../../src/env/rng';
import type { RandomSource } from '../../src/env/types';
import { actionOf, index, load, optionsOf } from './fixtures';

/** Wraps the port's generator and records every value it hands the env. */
class Tap implements RandomSource {
  readonly values: number[] = [];
  constructor(private readonly inner: RandomSource) {}
  uniform(low: number, high: number): number {
    const v = this.inner.uniform(low, high);
    this.values.push(v);
    return v;
  }
  integers(low: number, high: number): number {
    const v = this.inner.integers(low, high);
    this.values.push(v);
    return v;
  }
}

const seeded = index.filter((e) => e.seed !== null && !e.file.startsWith('seq-'));

describe('reset(seed) with the port generator', () => {
  it.each(seeded)('$file: the same draws as Gymnasium for reset and the first step', ({ file }) => {
    const fx = load(file);
    const tap = new Tap(NumpyRandom.fromSeed(fx.seed!));
    const env = new LunarLander({ ...optionsOf(fx.env.kwargs), rng: tap });
    env.reset();
    env.step(actionOf(fx.steps.action[0]));
    const expected = fx.draws.slice(0, fx.reset.drawCount + 2).flatMap((d) => d[4]);
    expect(tap.values).toEqual(expected);
  });

  it('reset(seed) gives the same terrain as an injected generator with that seed', () => {
    const fx = load('d-heuristic-s03.json');
    const env = new LunarLander();
    env.reset(3);
    expect(env.terrain.smoothY).toEqual(fx.terrain.smoothY);
  });

  // seq-* files: reset(seed=7), then reset() twice on one env; the random stream carries over.
  const seq = [0, 1, 2].map((i) => load(`seq-d-heuristic-s07-ep${i}.json`));

  it('reset() without a seed continues the stream into the next episode', () => {
    const env = new LunarLander();
    env.reset(7);
    let steps = 0;
    for (const a of seq[0].steps.action) {
      steps++;
      const r = env.step(actionOf(a));
      if (r.terminated || r.truncated) break;
    }
    expect(steps).toBe(seq[0].steps.n); // same draws consumed as Gymnasium's first episode
    env.reset();
    expect(env.terrain.smoothY).toEqual(seq[1].terrain.smoothY);
  });

  it('the generator alone reproduces all three consecutive episodes’ draws', () => {
    const rng = NumpyRandom.fromSeed(7);
    for (const fx of seq) {
      const got = fx.draws.map(([kind, low, high, size]) => {
        const one = () => (kind === 'uniform' ? rng.uniform(low, high) : rng.integers(low, high));
        return size === null ? one() : Array.from({ length: size }, one);
      });
      expect(got).toEqual(fx.draws.map((d) => d[4]));
    }
  });
});

describe('the heuristic pilot, closed loop from seeds 0–19', () => {
  const reference = index.filter((e) => e.file.startsWith('d-heuristic-'));
  const flown = reference.map(({ seed }) => {
    const env = new LunarLander();
    let obs = env.reset(seed!).observation;
    let total = 0;
    for (;;) {
      const r = env.step(heuristicDiscrete(obs));
      total += r.reward;
      obs = r.observation;
      if (r.terminated || r.truncated) return { seed: seed!, total, outcome: r.info.outcome };
    }
  });

  it('lands on every seed where Gymnasium lands', () => {
    for (const [i, ref] of reference.entries()) {
      expect(flown[i].outcome, `seed ${ref.seed}`).toBe(
        ref.outcome === 'timeout' ? 'time_limit' : ref.outcome,
      );
    }
  });

  it('has a mean return within 1% of Gymnasium’s', () => {
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const ours = mean(flown.map((f) => f.total));
    const theirs = mean(reference.map((r) => r.totalReturn));
    console.log(`heuristic mean return, seeds 0–19: port ${ours.toFixed(2)}, Gymnasium ${theirs.toFixed(2)}`);
    expect(Math.abs(ours - theirs) / Math.abs(theirs)).toBeLessThan(0.01);
  });

  it('scores above 100 on seed 1 (Gymnasium’s own test)', () => {
    expect(flown[1].seed).toBe(1);
    expect(flown[1].total).toBeGreaterThan(100);
  });
});
