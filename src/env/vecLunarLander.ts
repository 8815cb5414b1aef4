/**
 * n LunarLanders stepped together, with automatic reset, in flat typed arrays: what the trainer consumes.
 * Env i is seeded with baseSeed + i (as Gymnasium's vector envs seed theirs) and afterwards its stream
 * carries on across episodes, so one base seed reproduces every episode of every env.
 */
import { show } from './show';
import { LunarLander } from './lunarLander';
import type { SavedRandom } from './rng';
import type { Action, LunarLanderOptions, Outcome, RenderSnapshot, RewardParts } from './types';

export const OBS_SIZE = 8;

export interface VecStepResult {
  /** n·8 observations; for an env whose episode just ended, the first observation of its next episode. */
  observations: Float32Array;
  rewards: Float64Array;
  /** 1 where the env's episode terminated this step (landed, crashed, out of bounds). */
  terminated: Uint8Array;
  /** 1 where the env's episode hit the time limit this step. */
  truncated: Uint8Array;
  /** n·8: the last observation of the episode that ended, valid only where terminated or truncated is 1. */
  finalObservations: Float32Array;
  /** Outcome of the episode that ended this step, per env (undefined where none did). */
  outcomes: (Outcome | undefined)[];
}

export class VecLunarLander {
  readonly obsSize = OBS_SIZE;
  readonly numActions = 4;
  readonly envs: LunarLander[];
  readonly continuous: boolean;
  private readonly result: VecStepResult;
  private started = false;
  /** Each env's actions since its episode began: with the episode's starting state, a checkpoint. */
  private episodeActions: number[][];
  /** Each env's last step's reward parts (the env's own object, kept by reference). */
  private readonly lastRewardParts: (RewardParts | undefined)[];

  constructor(
    readonly n: number,
    options: Omit<LunarLanderOptions, 'rng'> = {},
  ) {
    if (!Number.isInteger(n) || n < 1)
      throw new RangeError(`number of envs must be a positive integer, got ${show(n)}`);
    this.envs = Array.from({ length: n }, () => new LunarLander(options));
    this.continuous = this.envs[0].continuous;
    this.episodeActions = this.envs.map(() => []);
    this.lastRewardParts = new Array<RewardParts | undefined>(n).fill(undefined);
    this.result = {
      observations: new Float32Array(n * OBS_SIZE),
      rewards: new Float64Array(n),
      terminated: new Uint8Array(n),
      truncated: new Uint8Array(n),
      finalObservations: new Float32Array(n * OBS_SIZE),
      outcomes: new Array<Outcome | undefined>(n).fill(undefined),
    };
  }

  renderSnapshot(i: number): RenderSnapshot {
    return this.envs[i].renderSnapshot();
  }

  /** Env i's last step's reward in Gymnasium's parts (undefined before its first step). */
  rewardParts(i: number): RewardParts | undefined {
    return this.lastRewardParts[i];
  }

  /** Resets every env; env i gets seed baseSeed + i. The returned array is reused by later calls. */
  reset(baseSeed?: number): Float32Array {
    if (baseSeed !== undefined && (!Number.isSafeInteger(baseSeed) || baseSeed < 0)) {
      throw new RangeError(`seed must be a non-negative integer up to 2^53 − 1, got ${show(baseSeed)}`);
    }
    this.envs.forEach((env, i) => {
      const { observation } = env.reset(baseSeed === undefined ? undefined : baseSeed + i);
      this.result.observations.set(observation, i * OBS_SIZE);
      this.episodeActions[i] = [];
    });
    this.started = true;
    return this.result.observations;
  }

  /**
   * Steps every env with its action: n integers 0–3, or n·2 numbers [main, lateral, …] in the continuous
   * variant. Ended episodes are reset at once. The result's arrays are reused by the next call.
   */
  step(actions: ArrayLike<number>): VecStepResult {
    if (!this.started) throw new Error('step() called before reset()');
    const width = this.continuous ? 2 : 1;
    if (typeof actions?.length !== 'number' || actions.length !== this.n * width) {
      throw new RangeError(
        `expected ${this.n * width} action values for ${this.n} envs, got ${show(actions?.length ?? actions)}`,
      );
    }
    const action = (i: number): Action =>
      this.continuous ? [actions[2 * i], actions[2 * i + 1]] : (actions[i] as Action);
    // Every action checked before any env moves: a refused step leaves all of them where they were.
    for (let i = 0; i < this.n; i++) this.envs[i].checkAction(action(i));
    const r = this.result;
    for (let i = 0; i < this.n; i++) {
      const env = this.envs[i];
      const s = env.step(action(i));
      if (this.continuous) this.episodeActions[i].push(actions[2 * i], actions[2 * i + 1]);
      else this.episodeActions[i].push(actions[i]);
      r.rewards[i] = s.reward;
      r.terminated[i] = s.terminated ? 1 : 0;
      r.truncated[i] = s.truncated ? 1 : 0;
      r.outcomes[i] = s.info.outcome;
      this.lastRewardParts[i] = s.info.rewardParts;
      if (s.terminated || s.truncated) {
        r.finalObservations.set(s.observation, i * OBS_SIZE);
        r.observations.set(env.reset().observation, i * OBS_SIZE);
        this.episodeActions[i] = [];
      } else {
        r.observations.set(s.observation, i * OBS_SIZE);
      }
    }
    return r;
  }

  /** Where every env stands: how its episode began and the actions taken since. Plain data. */
  checkpoint(): VecEnvCheckpoint {
    if (!this.started) throw new Error('checkpoint() called before reset()');
    return {
      envs: this.envs.map((env, i) => {
        const start = env.episodeStart;
        if (!start) throw new Error('an env with an injected generator cannot be checkpointed');
        return { start, actions: [...this.episodeActions[i]] };
      }),
    };
  }

  /** Rebuilds every env's episode from a checkpoint by replaying its actions; returns the observations. */
  restore(checkpoint: VecEnvCheckpoint): Float32Array {
    if (checkpoint?.envs?.length !== this.n) {
      throw new Error(`the checkpoint holds ${checkpoint?.envs?.length} envs where this run has ${this.n}`);
    }
    const width = this.continuous ? 2 : 1;
    checkpoint.envs.forEach(({ start, actions }, i) => {
      const env = this.envs[i];
      let observation = env.resetFrom(start).observation;
      for (let k = 0; k < actions.length; k += width) {
        const s = env.step(this.continuous ? [actions[k], actions[k + 1]] : (actions[k] as Action));
        if (s.terminated || s.truncated) throw new Error(`env ${i}: the checkpoint's episode ends early`);
        observation = s.observation;
      }
      this.result.observations.set(observation, i * OBS_SIZE);
      this.episodeActions[i] = [...actions];
    });
    this.started = true;
    return this.result.observations;
  }
}

export interface VecEnvCheckpoint {
  envs: { start: SavedRandom; actions: number[] }[];
}
