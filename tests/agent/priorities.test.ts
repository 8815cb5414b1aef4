/** Prioritized replay: the sum tree's draws, the importance weights, the TD errors taken back, α live. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Priorities } from '../../src/agent/priorities';
import { ReplayBuffer } from '../../src/agent/replayBuffer';
import { NumpyRandom } from '../../src/env/rng';

/** A prioritized memory of `n` 1-float transitions whose reward is their slot number. */
function memory(n: number, alpha: number, capacity = n): ReplayBuffer {
  const m = new ReplayBuffer(capacity, 1, 4, { alpha });
  for (let i = 0; i < n; i++) m.add([i], 0, i, [i], false);
  return m;
}

describe('the sum tree', () => {
  it('finds the slot whose share of the total holds a mass, for any priorities', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1e-3, max: 100, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (ps, u, alpha) => {
          const tree = new Priorities(ps.length, alpha);
          ps.forEach((p, i) => tree.set(i, p));
          const leaves = ps.map((p) => Math.fround(p) ** alpha);
          const total = leaves.reduce((a, b) => a + b, 0);
          expect(tree.total).toBeCloseTo(total, 9);
          const mass = u * tree.total;
          const slot = tree.find(mass, ps.length);
          const before = leaves.slice(0, slot).reduce((a, b) => a + b, 0);
          // Within rounding of the slot's stretch [before, before + leaf).
          expect(mass).toBeGreaterThanOrEqual(before - 1e-9 * total);
          expect(mass).toBeLessThanOrEqual(before + leaves[slot] + 1e-9 * total);
        },
      ),
    );
  });

  it('refuses saved priorities that are not one positive number per slot, at most the largest', () => {
    const tree = new Priorities(4, 0.6);
    const bad = [
      { priorities: new Float32Array(3).fill(1), maxPriority: 1 },
      { priorities: Float32Array.from([1, 1, 0, 1]), maxPriority: 1 },
      { priorities: Float32Array.from([1, 1, 2, 1]), maxPriority: 1 },
      { priorities: Float32Array.from([1, 1, NaN, 1]), maxPriority: 1 },
      null,
    ];
    for (const saved of bad)
      expect(() => tree.load(saved as never, 4)).toThrow(/priorities are inconsistent/);
  });
});

describe('a prioritized replay memory', () => {
  it('draws each slot in proportion to priority^α, and weighs it by (N·P)^−β over the largest', () => {
    const m = memory(4, 0.5);
    // Sample everything once so that updatePriorities knows the slots, then set p = 1, 4, 9, 16.
    const rng = NumpyRandom.fromSeed(1);
    const first = m.samplePrioritized(4, rng, { beta: 1 });
    const slots = Array.from(first.rewards);
    m.updatePriorities(Float32Array.from(slots.map((s) => (s + 1) ** 2)), 0);
    // p^α = 1, 2, 3, 4 of a total 10.
    const counts = [0, 0, 0, 0];
    const draws = 20_000;
    for (let k = 0; k < draws / 4; k++) {
      const b = m.samplePrioritized(4, rng, { beta: 0.5 });
      for (let i = 0; i < 4; i++) {
        const slot = b.rewards[i];
        counts[slot]++;
        // w ∝ (4·P)^−0.5; the largest possible in a batch is slot 0's, but a batch may lack it.
        const w = (slot_: number) => Math.pow((4 * (slot_ + 1)) / 10, -0.5);
        const largest = Math.max(...Array.from(b.rewards).map(w));
        expect(b.weights![i]).toBeCloseTo(w(slot) / largest, 6);
      }
    }
    counts.forEach((c, i) => expect(c / draws).toBeCloseTo((i + 1) / 10, 2));
  });

  it('gives a new transition the largest priority so far, and a live α reshapes the draws', () => {
    const m = memory(3, 1, 4);
    const rng = NumpyRandom.fromSeed(2);
    m.samplePrioritized(3, rng, { beta: 1 });
    m.updatePriorities(Float32Array.from([5, 1, 1]), 0);
    m.add([3], 0, 3, [3], false);
    expect(m.save().priorities).toEqual({ priorities: Float32Array.from([5, 1, 1, 5]), maxPriority: 5 });
    m.setAlpha(0);
    const counts = new Map<number, number>();
    for (let k = 0; k < 4000; k++) {
      const b = m.samplePrioritized(1, rng, { beta: 1 });
      counts.set(b.rewards[0], (counts.get(b.rewards[0]) ?? 0) + 1);
      // α = 0 is uniform: every weight 1.
      expect(b.weights![0]).toBe(1);
    }
    for (const c of counts.values()) expect(c / 4000).toBeCloseTo(0.25, 1);
  });

  it('comes back from its save with the same priorities and the same draws', () => {
    const m = memory(10, 0.6);
    const rng = NumpyRandom.fromSeed(3);
    m.samplePrioritized(5, rng, { beta: 0.4 });
    m.updatePriorities(Float32Array.from([0.5, -2, 3, 0.1, 7]), 1e-3);
    const copy = ReplayBuffer.load(structuredClone(m.save()), { alpha: 0.6 });
    const a = m.samplePrioritized(6, NumpyRandom.fromSeed(4), { beta: 0.7 });
    const ra = { rewards: a.rewards.slice(), weights: a.weights!.slice() };
    const b = copy.samplePrioritized(6, NumpyRandom.fromSeed(4), { beta: 0.7 });
    expect(b.rewards).toEqual(ra.rewards);
    expect(b.weights).toEqual(ra.weights);
  });
});
