import { Contact, Rot, Sweep } from 'planck';
import { describe, expect, it } from 'vitest';
import { heuristicDiscrete } from '../../../src/env/heuristic';
import { LunarLander } from '../../../src/env/lunarLander';
import { installTrig, PORTABLE_TRIG } from '../../../src/env/physics/planckTrig';

/** planck's own methods, saved before any env replaces them. */
const rot = Rot.prototype as unknown as Record<string, unknown>;
const sweep = Sweep.prototype as unknown as Record<string, unknown>;
const contact = Contact.prototype as unknown as Record<string, unknown>;
const saved: [Record<string, unknown>, string[]][] = [
  [rot, ['set', 'setAngle', 'getAngle']],
  [sweep, ['setTransform', 'getTransform']],
  [contact, ['initVelocityConstraint', '_solvePositionConstraint']],
];
const planckMethods = saved.flatMap(([proto, names]) =>
  names.map((name) => [proto, name, proto[name]] as const),
);

/** Heuristic episodes (landings, leg contacts, wind) as every body state after every step. */
function rollout(env: LunarLander): number[] {
  const states: number[] = [];
  for (const seed of [1, 2, 3]) {
    let obs = env.reset(seed).observation;
    for (let done = false; !done;) {
      const r = env.step(heuristicDiscrete(obs));
      states.push(...env.bodyStates());
      obs = r.observation;
      done = r.terminated || r.truncated;
    }
  }
  return states;
}

describe("planck's trigonometry", () => {
  it("the replaced methods, given Math's functions, reproduce planck's own bit for bit", () => {
    const env = new LunarLander({ enableWind: true });
    try {
      installTrig({ sin: Math.sin, cos: Math.cos, atan2: Math.atan2 });
      const replaced = rollout(env);
      for (const [proto, name, method] of planckMethods) proto[name] = method;
      const own = rollout(env);
      expect(replaced.length).toBeGreaterThan(3 * 100 * 18);
      expect(replaced.every((v, i) => Object.is(v, own[i]))).toBe(true);
    } finally {
      installTrig(PORTABLE_TRIG);
    }
  });

  it('an env puts the portable functions in place', () => {
    new LunarLander();
    const r = new Rot(2.5);
    expect(r.s).toBe(PORTABLE_TRIG.sin(2.5));
    expect(r.c).toBe(PORTABLE_TRIG.cos(2.5));
    expect(r.getAngle()).toBe(PORTABLE_TRIG.atan2(r.s, r.c));
  });
});
