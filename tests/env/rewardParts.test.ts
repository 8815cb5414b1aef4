/**
 * The reward's parts in `info`, on Gymnasium's recorded episodes: they add up to the env's reward exactly,
 * that reward is Gymnasium's, and each part is the term Gymnasium's formula gives from the observations.
 */
import { describe, expect, it } from 'vitest';
import { LunarLander } from '../../src/env/lunarLander';
import { REWARD_PART_KEYS, sumRewardParts } from '../../src/env/rewardParts';
import { VecLunarLander } from '../../src/env/vecLunarLander';
import { actionOf, load, optionsOf, RecordedDraws } from './fixtures';

const FILES = [
  'd-heuristic-s00.json',
  'd-heuristic-s03.json',
  'd-random-s01.json',
  'd-noop-s02.json',
  'w-heuristic-s01.json',
  'c-heuristic-s02.json',
  'c-random-s00.json',
];
const EARLY_STEPS = 50;
const REWARD_TOL = 1e-3;
const TERM_TOL = 1e-3;

/** Gymnasium's shaping terms of an observation, written from SPEC.md's formula. */
function terms(o: number[]): number[] {
  return [
    -100 * Math.hypot(o[0], o[1]),
    -100 * Math.hypot(o[2], o[3]),
    -100 * Math.abs(o[4]),
    10 * o[6],
    10 * o[7],
  ];
}

describe.each(FILES)('%s', (file) => {
  it('splits every reward into parts that add up to it exactly, and that are Gymnasium’s terms', () => {
    const fx = load(file);
    const env = new LunarLander({ ...optionsOf(fx.env.kwargs), rng: new RecordedDraws(fx.draws) });
    env.reset();
    const totals = Object.fromEntries(REWARD_PART_KEYS.map((k) => [k, 0]));
    let total = 0;
    for (let k = 0; k < fx.steps.n; k++) {
      const action = actionOf(fx.steps.action[k]);
      const r = env.step(action);
      const parts = r.info.rewardParts!;
      expect(sumRewardParts(parts)).toBe(r.reward);
      for (const key of REWARD_PART_KEYS) totals[key] += parts[key];
      total += r.reward;

      if (r.terminated) {
        expect(Math.abs(parts.terminal)).toBe(100);
        expect(parts.terminal).toBe(fx.steps.reward[k]);
        for (const key of REWARD_PART_KEYS) if (key !== 'terminal') expect(parts[key]).toBe(0);
      } else {
        expect(parts.terminal).toBe(0);
        const main =
          typeof action === 'number'
            ? action === 2
              ? 1
              : 0
            : action[0] > 0
              ? (Math.min(action[0], 1) + 1) / 2
              : 0;
        expect(parts.mainFuel).toBeCloseTo(-0.3 * main, 12);
        expect(parts.sideFuel).toBeLessThanOrEqual(0);
        expect(parts.sideFuel).toBeGreaterThanOrEqual(-0.03);
        if (k < EARLY_STEPS) {
          expect(Math.abs(r.reward - fx.steps.reward[k])).toBeLessThan(REWARD_TOL);
          // Each shaping part against the change of that term between Gymnasium's own observations.
          const before = k === 0 ? fx.reset.obs : fx.steps.obs[k - 1];
          const now = terms(fx.steps.obs[k]);
          const then = terms(before);
          // Observation 6 is the right leg's contact, 7 the left's (tests/env/observation.test.ts).
          const shaping = [parts.distance, parts.speed, parts.tilt, parts.rightLeg, parts.leftLeg];
          shaping.forEach((p, i) => expect(Math.abs(p - (now[i] - then[i]))).toBeLessThan(TERM_TOL));
        }
      }
      if (r.terminated || r.truncated) break;
    }
    const summed = REWARD_PART_KEYS.reduce((s, key) => s + totals[key], 0);
    expect(Math.abs(summed - total)).toBeLessThan(1e-9);
  });
});

describe('parts through the vector env', () => {
  it('hands out each env’s last parts, and none before its first step', () => {
    const vec = new VecLunarLander(2);
    vec.reset(3);
    expect(vec.rewardParts(0)).toBeUndefined();
    const r = vec.step([2, 0]);
    const parts = vec.rewardParts(0)!;
    expect(sumRewardParts(parts)).toBe(r.rewards[0]);
    expect(parts.mainFuel).toBe(-0.3);
    expect(vec.rewardParts(1)!.mainFuel).toBe(-0);
  });
});
