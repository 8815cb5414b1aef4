/**
 * planck captures Math.sin, Math.cos and Math.atan2 when it loads, so no later patch reaches its own calls.
 * This file loads planck while those three are traps, which planck keeps; once armed, any call planck still
 * makes to them throws. A whole episode must then run, so every angle in a step goes through portable math.
 */
import { Rot } from 'planck';
import { describe, expect, it, vi } from 'vitest';
import { heuristicContinuous, heuristicDiscrete } from '../../../src/env/heuristic';
import { LunarLander } from '../../../src/env/lunarLander';

const trapped = vi.hoisted(() => ({ armed: false, calls: [] as string[] }));

vi.mock('planck', async (importActual) => {
  const names = ['sin', 'cos', 'atan2'] as const;
  const original = names.map((name) => Math[name]);
  names.forEach((name, i) => {
    const f = original[i] as (...args: number[]) => number;
    Math[name] = (...args: number[]) => {
      if (trapped.armed) {
        trapped.calls.push(name);
        throw new Error(`planck called its captured Math.${name}`);
      }
      return f(...args);
    };
  });
  const planck = await importActual<typeof import('planck')>();
  names.forEach((name, i) => (Math[name] = original[i] as never));
  trapped.armed = true; // planck's own module-level set-up (identity transforms) has run by now
  return planck;
});

describe("planck's captured trigonometry", () => {
  it('is armed: planck loaded with the traps, and its own Rot still calls them', () => {
    expect(() => new Rot(0.5)).toThrow(/captured Math.sin/);
    trapped.calls.length = 0;
  });

  it.each([
    ['discrete, wind', { enableWind: true, continuous: false }],
    ['continuous', { enableWind: false, continuous: true }],
  ])('is never called in whole episodes (%s)', (_, options) => {
    const env = new LunarLander(options);
    let steps = 0;
    let landed = 0;
    for (const seed of [0, 1, 2, 3]) {
      let obs = env.reset(seed).observation;
      for (let done = false; !done; steps++) {
        const r = env.step(options.continuous ? heuristicContinuous(obs) : heuristicDiscrete(obs));
        obs = r.observation;
        done = r.terminated || r.truncated;
        if (obs[6] || obs[7]) landed++;
      }
    }
    expect(steps).toBeGreaterThan(400);
    expect(landed).toBeGreaterThan(0);
    expect(trapped.calls).toEqual([]);
  });
});
