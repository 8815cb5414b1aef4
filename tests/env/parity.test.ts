/**
 * Parity with Gymnasium's LunarLander-v3, against real episodes recorded with every random draw
 * (tests/fixtures/gymnasium). Exact where no physics is involved; within float32-vs-double tolerances
 * where it is (SPEC.md §8–9).
 */
import { describe, expect, it } from 'vitest';
import { LunarLander } from '../../src/env/lunarLander';
import type { Outcome } from '../../src/env/types';
import { actionOf, index, load, optionsOf, RecordedDraws } from './fixtures';
import type { Fixture } from './fixtures';

const OBS_TOL = 1e-4; // obs[0..5] over the first 50 steps
const REWARD_TOL = 1e-3;
const WIND_TOL = 1e-12;
// Positions, angles and velocities of lander and legs (a leg's angular velocity is the most sensitive).
const BODIES_RESET_TOL = 1e-4;
const BODIES_TOL = 1e-3;
const EARLY_STEPS = 50;

function replayEnv(fx: Fixture): { env: LunarLander; draws: RecordedDraws } {
  const draws = new RecordedDraws(fx.draws);
  const env = new LunarLander({ ...optionsOf(fx.env.kwargs), rng: draws });
  return { env, draws };
}

const portOutcome: Record<Fixture['outcome']['kind'], Outcome> = {
  landed: 'landed',
  crashed: 'crashed',
  out_of_bounds: 'out_of_bounds',
  timeout: 'time_limit',
};

describe.each(index)('$file', ({ file }) => {
  it('draws, terrain and moon edges exactly as Gymnasium', () => {
    const fx = load(file);
    const { env, draws } = replayEnv(fx);
    const { observation } = env.reset();
    expect(draws.consumed).toBe(fx.reset.drawCount);

    const t = env.terrain;
    expect(t.chunkX).toEqual(fx.terrain.chunkX);
    expect(t.height).toEqual(fx.terrain.height);
    expect(t.smoothY).toEqual(fx.terrain.smoothY);
    const snap = env.renderSnapshot();
    expect([snap.helipadX1, snap.helipadX2]).toEqual([fx.terrain.helipadX1, fx.terrain.helipadX2]);
    expect(env.moonEdges().map((e) => e.map(Math.fround))).toEqual(
      fx.terrain.edgesF32.map((e) => e.map(Math.fround)),
    );

    for (let i = 0; i < 8; i++) expect(Math.abs(observation[i] - fx.reset.obs[i])).toBeLessThan(1e-6);
    // The leg-snap transient of reset's own step, which needs Gymnasium's 180/60 iterations.
    env
      .bodyStates()
      .forEach((v, i) => expect(Math.abs(v - fx.reset.bodies[i])).toBeLessThan(BODIES_RESET_TOL));
    if (fx.reset.wind) {
      expect(env.lastWind).not.toBeNull();
      expect(Math.abs(env.lastWind![0] - fx.reset.wind[0])).toBeLessThan(WIND_TOL);
      expect(Math.abs(env.lastWind![1] - fx.reset.wind[1])).toBeLessThan(WIND_TOL);
    }
  });

  it(`observations and rewards track Gymnasium over the first ${EARLY_STEPS} steps`, () => {
    const fx = load(file);
    const { env, draws } = replayEnv(fx);
    env.reset();
    const n = Math.min(EARLY_STEPS, fx.steps.n);
    for (let k = 0; k < n; k++) {
      const r = env.step(actionOf(fx.steps.action[k]));
      expect(draws.consumed, `draws after step ${k}`).toBe(fx.reset.drawCount + 2 * (k + 1));
      for (let i = 0; i < 6; i++) {
        const err = Math.abs(r.observation[i] - fx.steps.obs[k][i]);
        if (!(err < OBS_TOL))
          expect.fail(`step ${k} obs[${i}]: ${r.observation[i]} vs ${fx.steps.obs[k][i]}`);
      }
      env.bodyStates().forEach((v, i) => {
        if (!(Math.abs(v - fx.steps.bodies[k][i]) < BODIES_TOL)) {
          expect.fail(`step ${k} body state ${i}: ${v} vs ${fx.steps.bodies[k][i]}`);
        }
      });
      if (!(Math.abs(r.reward - fx.steps.reward[k]) < REWARD_TOL)) {
        expect.fail(`step ${k} reward: ${r.reward} vs ${fx.steps.reward[k]}`);
      }
      const wind = fx.steps.wind?.[k];
      if (wind !== undefined) {
        if (wind === null) expect(env.lastWind).toBeNull();
        else {
          expect(Math.abs(env.lastWind![0] - wind[0])).toBeLessThan(WIND_TOL);
          expect(Math.abs(env.lastWind![1] - wind[1])).toBeLessThan(WIND_TOL);
        }
      }
      if (r.terminated || r.truncated) break;
    }
  });
});

/** Replays a whole episode's recorded actions; returns where and how the port's episode ended. */
function replayWhole(fx: Fixture): {
  steps: number;
  outcome: Outcome | undefined;
  contacts: number[][];
  exhausted: boolean;
} {
  const { env, draws } = replayEnv(fx);
  env.reset();
  const contacts: number[][] = [];
  for (let k = 0; k < fx.steps.n; k++) {
    const r = env.step(actionOf(fx.steps.action[k]));
    contacts.push([r.observation[6], r.observation[7]]);
    if (r.terminated || r.truncated)
      return { steps: k + 1, outcome: r.info.outcome, contacts, exhausted: draws.exhausted };
  }
  return { steps: fx.steps.n, outcome: undefined, contacts, exhausted: draws.exhausted };
}

describe('whole episodes, open loop', () => {
  it('end at the same step with the same outcome in at least 90% of the files', () => {
    const differ: string[] = [];
    for (const { file } of index) {
      const fx = load(file);
      const got = replayWhole(fx);
      if (got.steps !== fx.outcome.steps || got.outcome !== portOutcome[fx.outcome.kind]) {
        differ.push(`${file}: ${got.outcome}@${got.steps} vs ${fx.outcome.kind}@${fx.outcome.steps}`);
      }
    }
    const agree = 1 - differ.length / index.length;
    console.log(`open loop: ${index.length - differ.length}/${index.length} agree`, differ);
    expect(agree).toBeGreaterThanOrEqual(0.9);
  });

  const shortCrashes = index.filter((e) => e.outcome === 'crashed' && e.steps <= 100);
  it.each(shortCrashes)(
    'short crash $file: same contact flags every step and same termination step',
    ({ file }) => {
      const fx = load(file);
      const got = replayWhole(fx);
      expect(got.steps).toBe(fx.outcome.steps);
      expect(got.outcome).toBe('crashed');
      expect(got.exhausted, 'every recorded draw used').toBe(true);
      expect(got.contacts).toEqual(fx.steps.obs.map((o) => [o[6], o[7]]));
    },
  );
});
