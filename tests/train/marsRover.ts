/**
 * The course's six-state Mars rover as a VecEnv: reward 100 in the leftmost state, 40 in the rightmost,
 * 0 between; the ends are terminal. As in the course, the reward of a state is collected when acting in
 * it, so Q(s, a) = R(s) + γ·max Q(s', ·) and Q(terminal, ·) = R(terminal).
 * With `misstep` > 0 a move goes the other way with that probability.
 */
import { NumpyRandom } from '../../src/env/rng';
import type { VecEnv } from '../../src/train/vecEnv';

export const REWARDS = [100, 0, 0, 0, 0, 40];
const N = REWARDS.length;
export const LEFT = 0;
export const RIGHT = 1;

export class MarsRover implements VecEnv {
  readonly n = 1;
  readonly obsSize = N;
  readonly numActions = 2;
  private rng = NumpyRandom.fromSeed(0);
  private s = 0;
  private readonly obs = new Float32Array(N);
  private readonly result = {
    observations: this.obs,
    rewards: new Float64Array(1),
    terminated: new Uint8Array(1),
    truncated: new Uint8Array(1),
    finalObservations: new Float32Array(N),
  };

  constructor(readonly misstep = 0) {}

  reset(baseSeed: number): Float32Array {
    this.rng = NumpyRandom.fromSeed(baseSeed);
    this.start();
    return this.obs;
  }

  step(actions: ArrayLike<number>) {
    const r = this.result;
    r.rewards[0] = REWARDS[this.s];
    const terminal = this.s === 0 || this.s === N - 1;
    r.terminated[0] = terminal ? 1 : 0;
    if (terminal) {
      r.finalObservations.set(this.obs); // nothing follows; its value is masked by done
      this.start();
    } else {
      let move = actions[0] === LEFT ? -1 : 1;
      if (this.rng.uniform(0, 1) < this.misstep) move = -move;
      this.s += move;
      this.encode();
    }
    return r;
  }

  /** Episodes start in a non-terminal state; the terminals are learned when reached (acting there ends it). */
  private start(): void {
    this.s = this.rng.integers(1, N - 1);
    this.encode();
  }

  private encode(): void {
    this.obs.fill(0);
    this.obs[this.s] = 1;
  }
}

/** Q* by iterating the Bellman equation to convergence. */
export function optimalQ(gamma: number, misstep: number): number[][] {
  let q = REWARDS.map(() => [0, 0]);
  for (let it = 0; it < 1000; it++) {
    const v = q.map((row) => Math.max(...row));
    q = REWARDS.map((r, s) => {
      if (s === 0 || s === N - 1) return [r, r];
      return [LEFT, RIGHT].map((a) => {
        const intended = a === LEFT ? s - 1 : s + 1;
        const other = a === LEFT ? s + 1 : s - 1;
        return r + gamma * ((1 - misstep) * v[intended] + misstep * v[other]);
      });
    });
  }
  return q;
}
