import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from '../../src/agent/replayBuffer';
import { NumpyRandom } from '../../src/env/rng';

const fill = (buffer: ReplayBuffer, from: number, to: number) => {
  for (let i = from; i < to; i++) buffer.add([i, -i], i % 4, i / 10, [i + 1, -i - 1], i % 7 === 0);
};

describe('ReplayBuffer', () => {
  it('keeps the newest transitions, overwriting the oldest first', () => {
    const buffer = new ReplayBuffer(5, 2);
    fill(buffer, 0, 8); // 0..7 added; 3..7 remain
    expect(buffer.size).toBe(5);
    const b = buffer.sample(5, NumpyRandom.fromSeed(0));
    const ids = Array.from({ length: 5 }, (_, k) => b.states[2 * k]).sort((x, y) => x - y);
    expect(ids).toEqual([3, 4, 5, 6, 7]);
    for (let k = 0; k < 5; k++) {
      const i = b.states[2 * k];
      expect([b.states[2 * k + 1], b.actions[k], b.nextStates[2 * k], b.dones[k]]).toEqual([
        -i,
        i % 4,
        i + 1,
        i % 7 === 0 ? 1 : 0,
      ]);
      expect(b.rewards[k]).toBeCloseTo(i / 10, 6);
    }
  });

  it('samples without replacement within a batch', () => {
    const buffer = new ReplayBuffer(1000, 2);
    fill(buffer, 0, 300);
    const rng = NumpyRandom.fromSeed(1);
    for (let t = 0; t < 50; t++) {
      const b = buffer.sample(64, rng);
      expect(new Set(Array.from({ length: 64 }, (_, k) => b.states[2 * k])).size).toBe(64);
    }
  });

  it('is reproducible from a seed and roughly uniform', () => {
    const buffer = new ReplayBuffer(100, 2);
    fill(buffer, 0, 100);
    const draw = (seed: number) => {
      const rng = NumpyRandom.fromSeed(seed);
      const counts = new Array(100).fill(0);
      for (let t = 0; t < 2000; t++) {
        const b = buffer.sample(10, rng);
        for (let k = 0; k < 10; k++) counts[b.states[2 * k]]++;
      }
      return counts;
    };
    const counts = draw(5);
    expect(draw(5)).toEqual(counts);
    expect(draw(6)).not.toEqual(counts);
    // 20,000 picks over 100 slots: each near 200 (binomial sd ≈ 14).
    expect(Math.min(...counts)).toBeGreaterThan(140);
    expect(Math.max(...counts)).toBeLessThan(260);
  });

  it('draws a batch from the generator alone, whatever was drawn before', () => {
    const a = new ReplayBuffer(50, 2);
    const b = new ReplayBuffer(50, 2);
    fill(a, 0, 50);
    fill(b, 0, 50);
    a.sample(30, NumpyRandom.fromSeed(3));
    const fromA = a.sample(20, NumpyRandom.fromSeed(4)).states.slice();
    expect(b.sample(20, NumpyRandom.fromSeed(4)).states).toEqual(fromA);
  });

  it('fits 100k LunarLander transitions in at most 8 MB', () => {
    const bytes = new ReplayBuffer(100_000, 8).bytes;
    expect(bytes).toBe(100_000 * (2 * 8 + 2) * 4 + 100_000 * 4); // rows of 18 floats, and the order
    expect(bytes).toBeLessThanOrEqual(8e6);
  });

  it('refuses to sample more than it holds', () => {
    const buffer = new ReplayBuffer(10, 2);
    fill(buffer, 0, 3);
    expect(() => buffer.sample(4, NumpyRandom.fromSeed(0))).toThrow(/cannot sample 4 from 3/);
  });
});
