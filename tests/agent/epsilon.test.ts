import { describe, expect, it } from 'vitest';
import { nextEpsilon } from '../../src/agent/epsilon';

describe('ε schedule', () => {
  it('multiplies by the decay after each episode', () => {
    expect(nextEpsilon(1, 0.995, 0.01)).toBe(0.995);
    expect(nextEpsilon(0.5, 0.9, 0.01)).toBe(0.45);
  });

  it('stops at the floor', () => {
    expect(nextEpsilon(0.01005, 0.995, 0.01)).toBe(0.01);
    expect(nextEpsilon(0.01, 0.995, 0.01)).toBe(0.01);
  });

  it('reaches the lab’s floor of 0.01 after 919 episodes (ln 0.01 / ln 0.995 = 918.7)', () => {
    let eps = 1;
    let episodes = 0;
    while (eps > 0.01) {
      eps = nextEpsilon(eps, 0.995, 0.01);
      episodes++;
    }
    expect(episodes).toBe(919);
  });
});
