/** n-step returns: the transitions stored are the n-step ones, and an episode's end stops the sums exactly. */
import { describe, expect, it } from 'vitest';
import { NStepReturns } from '../../src/agent/nStepReturns';
import { ReplayBuffer } from '../../src/agent/replayBuffer';

/** Env `env`'s step t: state (100·env + t), reward 2^t, next state (100·env + t + 1). */
function step(n: NStepReturns, m: ReplayBuffer, env: number, t: number, done: boolean, gamma = 0.5) {
  const s = 100 * env + t;
  n.add(m, env, gamma, [s], env, 2 ** t, [s + 1], done, 0, 0);
}

describe('n-step returns', () => {
  it('store r_t + γr_t+1 + γ²r_t+2 with s_t+3 once three rewards are in, and every pending one at an end', () => {
    const m = new ReplayBuffer(100, 1);
    const n = new NStepReturns(3, 2, 1);
    // Env 0 runs 5 steps and ends; env 1, interleaved, runs 2 steps and has not ended.
    for (let t = 0; t < 5; t++) {
      step(n, m, 0, t, t === 4);
      if (t < 2) step(n, m, 1, t, false);
    }
    const saved = m.save();
    const rows = Array.from(saved.actions, (_, i) => [
      saved.states[i],
      saved.actions[i],
      saved.rewards[i],
      saved.nextStates[i],
      saved.dones[i],
    ]);
    // With γ = 0.5 and r_t = 2^t, each full 3-step return is 3·2^t; the ones cut by the end are shorter.
    expect(rows).toEqual([
      [0, 0, 3, 3, 0],
      [1, 0, 6, 4, 0],
      [2, 0, 12, 5, 1],
      [3, 0, 16, 5, 1],
      [4, 0, 16, 5, 1],
    ]);
    // Env 1's two steps wait for a third reward, and resume from a save.
    const copy = new NStepReturns(3, 2, 1);
    copy.load(structuredClone(n.save()));
    const m2 = new ReplayBuffer(100, 1);
    step(copy, m2, 1, 2, false);
    const s2 = m2.save();
    expect([s2.states[0], s2.rewards[0], s2.nextStates[0], s2.dones[0]]).toEqual([100, 3, 103, 0]);
  });

  it('with n = 1 store exactly the lab’s transitions', () => {
    const m = new ReplayBuffer(10, 1);
    const n = new NStepReturns(1, 1, 1);
    for (let t = 0; t < 3; t++) step(n, m, 0, t, t === 2);
    expect(Array.from(m.save().rewards)).toEqual([1, 2, 4]);
    expect(Array.from(m.save().dones)).toEqual([0, 0, 1]);
  });

  it('refuses n outside 1–10', () => {
    expect(() => new NStepReturns(0, 1, 8)).toThrow(/n from 1 to 10, got 0/);
    expect(() => new NStepReturns(11, 1, 8)).toThrow(/n from 1 to 10, got 11/);
  });
});
