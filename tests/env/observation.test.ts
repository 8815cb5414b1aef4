/**
 * The observation's names against the lander itself: the leg that observation 6 (or 7) reports down is the
 * one standing on the side of the screen its name says, found from the legs' shapes, not from the env's
 * own order of them; and the reward part named for a leg is the one that leg's touchdown pays.
 */
import { describe, expect, it } from 'vitest';
import { heuristicDiscrete } from '../../src/env/heuristic';
import { LunarLander } from '../../src/env/lunarLander';
import { OBSERVATION_NAMES } from '../../src/env/observation';

const lowest = (polygon: number[]) => Math.min(...polygon.filter((_, i) => i % 2 === 1));
const meanX = (polygon: number[]) => polygon.filter((_, i) => i % 2 === 0).reduce((s, x) => s + x, 0) / 4;

describe('the leg contacts', () => {
  it('are named for the side of the screen (x grows rightward) where the leg that touched stands', () => {
    const reporting = new Set<number>();
    // The heuristic pilot comes down on one leg first, on either side as the seed has it.
    for (let seed = 0; seed < 8; seed++) {
      const env = new LunarLander();
      let o = env.reset(seed).observation;
      for (let t = 0; t < 1000; t++) {
        const r = env.step(heuristicDiscrete(o));
        o = r.observation;
        if (o[6] !== o[7]) {
          const index = o[6] === 1 ? 6 : 7;
          const snap = env.renderSnapshot();
          // The leg on the ground is the lower one: right of the hull's centre or left of it.
          const down = snap.legs.reduce((a, b) => (lowest(a) < lowest(b) ? a : b));
          const side = meanX(down) > snap.x ? 'right' : 'left';
          expect(OBSERVATION_NAMES[index], `seed ${seed}, step ${t}`).toBe(`${side} leg`);
          // The reward part named for that leg is the one its touchdown paid (+10, from neither down).
          const parts = r.info.rewardParts!;
          expect(
            side === 'right' ? [parts.rightLeg, parts.leftLeg] : [parts.leftLeg, parts.rightLeg],
          ).toEqual([10, 0]);
          reporting.add(index);
          break;
        }
        if (r.terminated || r.truncated) break;
      }
    }
    // Both contacts were seen touching alone, so each name was checked.
    expect([...reporting].sort()).toEqual([6, 7]);
  });
});
