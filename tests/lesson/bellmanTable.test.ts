/** Value iteration on the Mars rover against the course's numbers, the Bellman equation itself, and sums worked by hand. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bellmanSweep, exactQ, roverTable } from '../../src/lesson/bellmanTable';
import { optimalQ, settledQ } from './marsRoverFixture';

const COURSE = { leftReward: 100, rightReward: 40, misstep: 0 };

describe('the Mars rover’s exact Q-values', () => {
  it('are the course’s table for γ = 0.5', () => {
    const t = roverTable({ ...COURSE, gamma: 0.5 });
    expect(t.converged).toBe(true);
    expect(t.q).toEqual([
      [100, 100],
      [50, 12.5],
      [25, 6.25],
      [12.5, 10],
      [6.25, 20],
      [40, 40],
    ]);
    expect(t.v).toEqual([100, 50, 25, 12.5, 20, 40]);
    expect(t.policy).toEqual([null, 0, 0, 0, 1, null]);
  });

  it('with γ = 0.9 go left from every state but the one next to the right end', () => {
    // From state 5: right gives 0.9·40 = 36; left gives 0.9⁴·100 = 65.61, so left wins there too.
    const t = roverTable({ ...COURSE, gamma: 0.9 });
    expect(t.q[4][0]).toBeCloseTo(65.61, 10);
    expect(t.q[4][1]).toBeCloseTo(36, 10);
    expect(t.policy).toEqual([null, 0, 0, 0, 0, null]);
    // γ = 0.3: from state 5, 0.3·40 = 12 beats 0.3⁴·100 = 0.81.
    expect(roverTable({ ...COURSE, gamma: 0.3 }).policy[4]).toBe(1);
  });

  it('spread from the ends one state per sweep', () => {
    const problem = { ...COURSE, gamma: 0.5 };
    expect(
      roverTable(problem, 0)
        .q.flat()
        .every((x) => x === 0),
    ).toBe(true);
    expect(roverTable(problem, 1).q).toEqual([
      [100, 100],
      [0, 0],
      [0, 0],
      [0, 0],
      [0, 0],
      [40, 40],
    ]);
    const two = roverTable(problem, 2);
    expect(two.q[1]).toEqual([50, 0]);
    expect(two.q[4]).toEqual([0, 20]);
    expect(two.converged).toBe(false);
  });

  it('with missteps weigh both neighbours: Q(2, ←) = 0.9·100·γ + 0.1·γ·V(3)', () => {
    const t = roverTable({ ...COURSE, misstep: 0.1, gamma: 0.5 });
    expect(t.q[1][0]).toBeCloseTo(0.5 * (0.9 * 100 + 0.1 * t.v[2]), 10);
    expect(t.q[1][1]).toBeCloseTo(0.5 * (0.9 * t.v[2] + 0.1 * 100), 10);
  });

  it('near γ = 1 with rare missteps are swept to Q* itself, not only until a sweep changes little', () => {
    // Found by fuzzing: a sweep here shrinks the distance to Q* by only ~0.9999, so a sweep that changed
    // Q by 1e-12 left it 2e-7 from Q*.
    const problem = { gamma: 0.99987, misstep: 0.00065, leftReward: -24, rightReward: -28 };
    const t = roverTable(problem);
    expect(t.converged).toBe(true);
    const reference = optimalQ(problem.gamma, problem.misstep, [-24, -28]).flat();
    t.q.flat().forEach((x, i) => expect(Math.abs(x - reference[i])).toBeLessThan(1e-8));
  });

  it('converge for every setting the sliders can make (γ and misstep in steps of 0.01)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 50 }),
        fc.integer({ min: -100, max: 200 }),
        fc.integer({ min: -100, max: 200 }),
        (g, m, leftReward, rightReward) => {
          const problem = { gamma: g / 100, misstep: m / 100, leftReward, rightReward };
          expect(roverTable(problem).converged).toBe(true);
        },
      ),
      // The slowest: γ = 1 with the rarest misstep and two equal losing ends (~230,000 sweeps).
      { numRuns: 60, examples: [[100, 1, -100, -100]] },
    );
  });

  it('solve the Bellman equation exactly and agree with an independent solver, for any γ, misstep and end rewards', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.integer({ min: -100, max: 200 }),
        fc.integer({ min: -100, max: 200 }),
        (gamma, misstep, leftReward, rightReward) => {
          const problem = { gamma, misstep, leftReward, rightReward };
          const exactTable = exactQ(problem);
          const exact = exactTable.flat();
          const scale = Math.max(1, ...exact.map(Math.abs));
          bellmanSweep(problem, exactTable)
            .flat()
            .forEach((x, i) => expect(Math.abs(x - exact[i])).toBeLessThan(1e-9 * scale));
          // Value iteration reaches it, or says it did not within its sweeps.
          const t = roverTable(problem);
          if (t.converged)
            t.q.flat().forEach((x, i) => expect(Math.abs(x - exact[i])).toBeLessThan(1e-9 * scale));
          else expect(t.sweeps).toBe(2_000_000);
          // The reference creeps too; where it settles within its million sweeps, the two agree. Not where
          // γ is within 1e-6 of 1 and missteps happen but rarer still: there every change a sweep would
          // make can be below a double's rounding, and value iteration stops 1e-6 short of Q*
          // (γ = 1 − 2e-13, p = 1e-10).
          const reference =
            (misstep === 0 || 1 - gamma + misstep >= 1e-6) &&
            settledQ(gamma, misstep, [leftReward, rightReward]);
          if (reference)
            reference.flat().forEach((x, i) => expect(Math.abs(x - exact[i])).toBeLessThan(1e-6));
        },
      ),
      {
        numRuns: 60,
        examples: [
          // Found by CI: γ near 1 with a rare misstep and two losing ends, where Q creeps to its limit.
          [0.9962419577239865, 0.000593219184099268, -38, -2],
          [0.99987, 0.00065, -24, -28],
          // γ = 1 without missteps: inner states may step back and forth forever, worth 0.
          [1, 0, -100, -100],
        ],
      },
    );
  });

  it('refuses settings out of range, naming them', () => {
    expect(() => roverTable({ ...COURSE, gamma: 1.5 })).toThrow(/γ must be a number from 0 to 1, got 1.5/);
    expect(() => roverTable({ ...COURSE, gamma: 0.5, misstep: 0.7 })).toThrow(
      /The misstep probability must be from 0 to 0.5, got 0.7/,
    );
    expect(() => roverTable({ ...COURSE, gamma: 0.5, leftReward: NaN })).toThrow(
      /The reward at the left end must be a number from −1000 to 1000, got NaN/,
    );
    expect(() => roverTable({ ...COURSE, gamma: 0.5 }, -1)).toThrow(/sweeps/);
  });
});
