/**
 * n-step returns (Sutton 1988; Rainbow's "multi-step"): the memory is given, for each step t of each env,
 *
 *   s_t, a_t,  R = r_t + γ·r_{t+1} + … + γ^(k−1)·r_{t+k−1},  s_{t+k},  done
 *
 * with k = n, or fewer when the episode ended at step t + k − 1; then done is set and the target bootstraps
 * nothing, exactly as the lab's 1-step target treats an episode's end (terminated or cut off by the time
 * limit alike, DQN-LAB.md). Otherwise the learner bootstraps with γⁿ·max Q̂(s_{t+n}).
 *
 * Each env keeps its last n − 1 steps until their return is complete, in arrays sized once; they are part
 * of a checkpoint, so that a resumed run stores the same transitions.
 */
import type { ReplayBuffer } from './replayBuffer';

export interface SavedNStep {
  n: number;
  /** Per env, its pending steps, oldest first: how many, and their states, actions and rewards. */
  counts: number[];
  states: Float32Array;
  actions: Int32Array;
  rewards: Float64Array;
}

export class NStepReturns {
  /** Env e's pending steps occupy slots [e·n, e·n + count[e]) in order, oldest first. */
  private readonly counts: Int32Array;
  private readonly states: Float32Array;
  private readonly actions: Int32Array;
  private readonly rewards: Float64Array;

  constructor(
    readonly n: number,
    readonly envs: number,
    readonly obsSize: number,
  ) {
    if (!Number.isInteger(n) || n < 1 || n > 10)
      throw new RangeError(`n-step returns take n from 1 to 10, got ${n}`);
    this.counts = new Int32Array(envs);
    this.states = new Float32Array(envs * n * obsSize);
    this.actions = new Int32Array(envs * n);
    this.rewards = new Float64Array(envs * n);
  }

  /**
   * Env `env`'s step (s at `stateAt` in `states`, a, r, s' at `nextStateAt` in `nextStates`, done): the
   * transitions it completes go into `memory`, with returns discounted by `gamma`.
   */
  add(
    memory: ReplayBuffer,
    env: number,
    gamma: number,
    states: ArrayLike<number>,
    action: number,
    reward: number,
    nextStates: ArrayLike<number>,
    done: boolean,
    stateAt: number,
    nextStateAt: number,
  ): void {
    const { n, obsSize } = this;
    const base = env * n;
    let count = this.counts[env];
    const slot = base + count;
    for (let k = 0; k < obsSize; k++) this.states[slot * obsSize + k] = states[stateAt + k];
    this.actions[slot] = action;
    this.rewards[slot] = reward;
    count++;
    if (count === n || done) {
      // The oldest step's return is complete; at an episode's end every pending one is.
      const emit = done ? count : 1;
      for (let j = 0; j < emit; j++) {
        let ret = 0;
        for (let k = count - 1; k >= j; k--) ret = this.rewards[base + k] + gamma * ret;
        memory.add(
          this.states,
          this.actions[base + j],
          ret,
          nextStates,
          done,
          (base + j) * obsSize,
          nextStateAt,
        );
      }
      if (done) count = 0;
      else {
        this.states.copyWithin(base * obsSize, (base + 1) * obsSize, (base + count) * obsSize);
        this.actions.copyWithin(base, base + 1, base + count);
        this.rewards.copyWithin(base, base + 1, base + count);
        count--;
      }
    }
    this.counts[env] = count;
  }

  save(): SavedNStep {
    return {
      n: this.n,
      counts: Array.from(this.counts),
      states: this.states.slice(),
      actions: this.actions.slice(),
      rewards: this.rewards.slice(),
    };
  }

  /** Takes up saved pending steps; throws, changing nothing, when they belong to another n or env count. */
  load(saved: SavedNStep): void {
    const { n, envs, obsSize } = this;
    const fits =
      saved?.n === n &&
      Array.isArray(saved.counts) &&
      saved.counts.length === envs &&
      saved.counts.every((c) => Number.isInteger(c) && c >= 0 && c < n) &&
      saved.states instanceof Float32Array &&
      saved.states.length === envs * n * obsSize &&
      saved.states.every(Number.isFinite) &&
      saved.actions instanceof Int32Array &&
      saved.actions.length === envs * n &&
      saved.rewards instanceof Float64Array &&
      saved.rewards.length === envs * n &&
      saved.rewards.every(Number.isFinite);
    if (!fits) throw new Error(`the saved n-step returns in progress do not fit n = ${n} over ${envs} envs`);
    this.counts.set(saved.counts);
    this.states.set(saved.states);
    this.actions.set(saved.actions);
    this.rewards.set(saved.rewards);
  }
}
