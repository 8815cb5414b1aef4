/** The env's contract beyond parity: bad input, episode bookkeeping, render snapshots, the vector env. */
import { describe, expect, it } from 'vitest';
import { heuristicContinuous, heuristicDiscrete } from '../../src/env/heuristic';
import { LunarLander } from '../../src/env/lunarLander';
import { VecLunarLander } from '../../src/env/vecLunarLander';

describe('bad input gets a clear error', () => {
  it('step before reset', () => {
    expect(() => new LunarLander().step(0)).toThrow(/before reset/);
  });

  it.each([4, -1, 1.5, NaN, '2', [1, 0]])('discrete action %j', (a) => {
    const env = new LunarLander();
    env.reset(0);
    expect(() => env.step(a as never)).toThrow(/integer 0–3/);
  });

  it.each([[[NaN, 0]], [[0, Infinity]], [[0]], [2], ['x']])('continuous action %j', (a) => {
    const env = new LunarLander({ continuous: true });
    env.reset(0);
    expect(() => env.step(a as never)).toThrow(/finite numbers/);
  });

  it.each([-12, 0, 1, -20, NaN])('gravity %d', (gravity) => {
    expect(() => new LunarLander({ gravity })).toThrow(/gravity must be strictly between -12 and 0/);
  });

  it('negative wind and turbulence power', () => {
    expect(() => new LunarLander({ enableWind: true, windPower: -1 })).toThrow(/windPower/);
    expect(() => new LunarLander({ enableWind: true, turbulencePower: -0.5 })).toThrow(/turbulencePower/);
  });

  it.each([1.5, -1, NaN, 2 ** 60])('seed %d', (seed) => {
    expect(() => new LunarLander().reset(seed)).toThrow(/seed must be a non-negative integer/);
  });

  it('a bad step leaves the episode intact', () => {
    const env = new LunarLander();
    env.reset(5);
    expect(() => env.step(7 as never)).toThrow();
    expect(env.step(0).observation).toHaveLength(8);
  });

  it('stepping an ended episode', () => {
    const env = new LunarLander({ maxEpisodeSteps: 3 });
    env.reset(0);
    for (let k = 0; k < 3; k++) env.step(0);
    expect(() => env.step(0)).toThrow(/ended/);
  });
});

describe('episodes', () => {
  it('truncates at maxEpisodeSteps and names the time limit', () => {
    const env = new LunarLander({ maxEpisodeSteps: 5 });
    env.reset(1);
    const flags = Array.from({ length: 5 }, () => env.step(0));
    expect(flags.map((r) => r.truncated)).toEqual([false, false, false, false, true]);
    expect(flags[4].info.outcome).toBe('time_limit');
  });

  it('names a crash and replaces the step reward with −100', () => {
    const env = new LunarLander();
    env.reset(0);
    let r;
    do r = env.step(0);
    while (!r.terminated);
    expect(r.info.outcome).toBe('crashed');
    expect(r.reward).toBe(-100);
  });

  it('one seed gives one episode; another seed another moon', () => {
    const run = (seed: number) => {
      const env = new LunarLander();
      const obs = [Array.from(env.reset(seed).observation)];
      for (let k = 0; k < 30; k++) obs.push(Array.from(env.step(heuristicDiscrete(obs[k])).observation));
      return { obs, terrain: env.terrain.smoothY };
    };
    expect(run(11)).toEqual(run(11));
    expect(run(12).terrain).not.toEqual(run(11).terrain);
  });

  it('the continuous pilot lands too', () => {
    const env = new LunarLander({ continuous: true });
    let obs = env.reset(0).observation;
    let r;
    do {
      r = env.step(heuristicContinuous(obs));
      obs = r.observation;
    } while (!r.terminated && !r.truncated);
    expect(r.info.outcome).toBe('landed');
  });
});

describe('render snapshot', () => {
  it('places the lander, legs, terrain and pad in world metres', () => {
    const env = new LunarLander();
    env.reset(0);
    env.step(2);
    const s = env.renderSnapshot();
    expect(s.lander).toHaveLength(12);
    expect(s.legs[0]).toHaveLength(8);
    expect(s.terrainX).toHaveLength(11);
    expect([s.helipadX1, s.helipadX2, s.helipadY]).toEqual([8, 12, 0.99 * (400 / 30 / 4)]);
    const xs = s.lander.filter((_, i) => i % 2 === 0);
    expect(Math.min(...xs)).toBeLessThan(s.x);
    expect(Math.max(...xs)).toBeGreaterThan(s.x);
    // legs[0] is the right-hand leg
    const meanX = (p: number[]) => (p[0] + p[2] + p[4] + p[6]) / 4;
    expect(meanX(s.legs[0])).toBeGreaterThan(meanX(s.legs[1]));
    expect(s.mainPower).toBe(1);
    expect(s.sidePower).toBe(0);
    env.step(1);
    expect(env.renderSnapshot().sidePower).toBe(-1);
  });
});

describe('VecLunarLander', () => {
  it('env i follows the single env seeded with baseSeed + i, and resets itself', () => {
    const n = 3;
    const vec = new VecLunarLander(n);
    const singles = Array.from({ length: n }, () => new LunarLander());
    const obs = vec.reset(40);
    singles.forEach((e, i) => expect(obs.subarray(8 * i, 8 * i + 8)).toEqual(e.reset(40 + i).observation));

    let resets = 0;
    for (let k = 0; k < 200; k++) {
      const r = vec.step(new Int32Array(n)); // no-op: every episode crashes within ~100 steps
      singles.forEach((e, i) => {
        const s = e.step(0);
        expect(r.rewards[i]).toBe(s.reward);
        if (s.terminated || s.truncated) {
          resets++;
          expect(r.terminated[i]).toBe(1);
          expect(r.finalObservations.subarray(8 * i, 8 * i + 8)).toEqual(s.observation);
          expect(r.outcomes[i]).toBe(s.info.outcome);
          expect(r.observations.subarray(8 * i, 8 * i + 8)).toEqual(e.reset().observation);
        } else {
          expect(r.observations.subarray(8 * i, 8 * i + 8)).toEqual(s.observation);
        }
      });
    }
    expect(resets).toBeGreaterThanOrEqual(n);
  });

  it('checks its inputs', () => {
    expect(() => new VecLunarLander(0)).toThrow(/positive integer/);
    const vec = new VecLunarLander(2);
    expect(() => vec.step([0, 0])).toThrow(/before reset/);
    vec.reset(0);
    expect(() => vec.step([0])).toThrow(/expected 2 action values/);
  });
});

// Found by tests/fuzz/env.test.ts.
describe('refusals found by fuzzing', () => {
  it('a vector step with one bad action moves no env (env 0 used to step before env 1 was refused)', () => {
    const env = new VecLunarLander(2);
    const twin = new VecLunarLander(2);
    env.reset(11);
    twin.reset(11);
    expect(() => env.step([0, 5e-324])).toThrow(new TypeError('action must be an integer 0–3, got 5e-324'));
    expect(env.step([1, 1]).observations).toEqual(twin.step([1, 1]).observations);
    expect(env.checkpoint()).toEqual(twin.checkpoint());
  });

  it('shows odd arguments briefly and as they are: NaN as NaN, objects as short JSON', () => {
    const env = new LunarLander();
    env.reset(1);
    expect(() => env.step(NaN as never)).toThrow('action must be an integer 0–3, got NaN');
    const big = { nested: Array.from({ length: 500 }, (_, i) => i) };
    expect(() => env.step(big as never)).toThrow(
      /^action must be an integer 0–3, got \{"nested":\[0,1,2,.{40,60}…$/,
    );
    expect(() => env.reset({} as never)).toThrow(
      'seed must be a non-negative integer up to 2^53 − 1, got {}',
    );
    expect(() => new VecLunarLander(2).reset([1] as never)).toThrow(/got \[1\]$/);
    expect(() => new VecLunarLander(1).step(null as never)).toThrow(/called before reset/);
    const vec = new VecLunarLander(1);
    vec.reset(0);
    expect(() => vec.step(null as never)).toThrow(
      new RangeError('expected 1 action values for 1 envs, got null'),
    );
  });
});
