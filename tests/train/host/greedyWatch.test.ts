/** A watched greedy episode flies exactly as a greedy evaluation episode from the same seed. */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildQNetwork, PlainForward } from '../../../src/agent/qNetwork';
import { LunarLander } from '../../../src/env/lunarLander';
import { flyGreedy } from '../../../src/train/loop/evaluation';
import { GreedyWatch } from '../../../src/train/host/greedyWatch';

const OPTIONS = { maxEpisodeSteps: 120 };
let policy: PlainForward;

beforeAll(() => {
  const model = buildQNetwork({ inputs: 8, hidden1: 12, hidden2: 12, actions: 4 }, 5);
  policy = new PlainForward({ inputs: 8, hidden1: 12, hidden2: 12, actions: 4 });
  policy.load(model);
  model.dispose();
});

describe('watching a greedy episode', () => {
  it('flies the evaluation’s episode from the same seed, step by step, and says how it ended', () => {
    const q = (s: Float32Array) => policy.forward(s);
    const evaluated = flyGreedy(q, new LunarLander(OPTIONS), 1, 77);
    const watch = new GreedyWatch(policy, 'loaded', OPTIONS, 77, true);
    expect(watch.episode).toEqual({ policy: 'loaded', return: 0, steps: 0 });
    const returns: number[] = [];
    while (!watch.step()) returns.push(watch.episode.return);
    expect(returns.length).toBeGreaterThan(10);
    expect(new Set(returns).size).toBeGreaterThan(1);
    expect(watch.episode.steps).toBe(returns.length + 1);
    expect(watch.episode.steps).toBeLessThanOrEqual(120);
    expect(watch.episode.return).toBe(evaluated.returns[0]);
    const outcome = Object.entries(evaluated.outcomes).find(([, n]) => n === 1)![0];
    expect(watch.episode.outcome).toBe(outcome);
    expect(watch.frame().lander.length).toBeGreaterThan(6);
  });

  it('shows the policy’s Q-values for the state it acts on next, and its greedy choice', () => {
    const watch = new GreedyWatch(policy, 'current', OPTIONS, 3, false);
    watch.step();
    const reference = new LunarLander(OPTIONS);
    const first = reference.reset(3).observation;
    const state = reference.step(greedy(first)).observation;
    const d = watch.decision();
    const q = Array.from(policy.forward(Float32Array.from(state)));
    expect(d).toEqual({ qValues: q, action: q.indexOf(Math.max(...q)), explored: false });
  });
});

function greedy(state: ArrayLike<number>): 0 | 1 | 2 | 3 {
  const q = Array.from(policy.forward(Float32Array.from(state)));
  return q.indexOf(Math.max(...q)) as 0 | 1 | 2 | 3;
}
