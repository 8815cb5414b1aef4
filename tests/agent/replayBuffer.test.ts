import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from '../../src/agent/replayBuffer';
import type { ReplayRows } from '../../src/agent/replayBuffer';
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

  it('saved page by page, only the pages written since the last save, adds up to the whole memory', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 12 }),
        (capacity, pageRows, bursts) => {
          const buffer = new ReplayBuffer(capacity, 2, pageRows);
          const stored: ReplayRows[] = [];
          let mark: number | null = null;
          let added = 0;
          for (const burst of bursts) {
            fill(buffer, added, added + burst);
            added += burst;
            const pages = buffer.pagesWrittenSince(mark);
            for (const p of pages) stored[p] = buffer.savePage(p);
            mark = buffer.writes;
            expect(ReplayBuffer.fromPages(buffer.layout(), stored)).toEqual(buffer.save());
            // Nothing added since: nothing to write.
            expect(buffer.pagesWrittenSince(mark)).toEqual([]);
          }
        },
      ),
    );
  });

  it('writes only the pages new transitions went into', () => {
    const buffer = new ReplayBuffer(100, 2, 10);
    fill(buffer, 0, 35);
    expect(buffer.pagesWrittenSince(null)).toEqual([0, 1, 2, 3]);
    const mark = buffer.writes;
    fill(buffer, 35, 52);
    expect(buffer.pagesWrittenSince(mark)).toEqual([3, 4, 5]);
  });

  it('counts a loaded memory as saved, and refuses to rebuild one from missing or short pages', () => {
    const buffer = new ReplayBuffer(30, 2, 8);
    fill(buffer, 0, 20);
    const loaded = ReplayBuffer.load(buffer.save());
    expect(loaded.pagesWrittenSince(loaded.writes)).toEqual([]);
    expect(loaded.pagesWrittenSince(null)).toEqual([0]); // 20 slots: one page of REPLAY_PAGE_ROWS
    const pages = [0, 1, 2].map((p) => buffer.savePage(p));
    expect(() => ReplayBuffer.fromPages(buffer.layout(), pages.slice(0, 2))).toThrow(/2 of its 3 pages/);
    const short = { ...pages[2], rewards: pages[2].rewards.subarray(1) };
    expect(() => ReplayBuffer.fromPages(buffer.layout(), [pages[0], pages[1], short])).toThrow(
      /page 2 does not fill its slots/,
    );
  });
});
