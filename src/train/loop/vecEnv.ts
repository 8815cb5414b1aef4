import type { RenderSnapshot, RewardParts } from '../../env/types';
import type { VecEnvCheckpoint } from '../../env/vecLunarLander';

/** What the trainer steps: n discrete-action envs with automatic reset (VecLunarLander, or a test world). */
export interface VecEnv {
  readonly n: number;
  readonly obsSize: number;
  readonly numActions: number;
  /** Resets every env (env i seeded from baseSeed + i); the returned array is reused by the env. */
  reset(baseSeed: number): Float32Array;
  step(actions: ArrayLike<number>): {
    observations: Float32Array;
    rewards: ArrayLike<number>;
    terminated: ArrayLike<number>;
    truncated: ArrayLike<number>;
    /** The last observation of an episode that ended this step. */
    finalObservations: Float32Array;
    outcomes?: readonly (string | undefined)[];
  };
  /** Where every env stands, as plain data; and back (returning the observations). Where supported. */
  checkpoint?(): VecEnvCheckpoint;
  restore?(checkpoint: VecEnvCheckpoint): Float32Array;
  /** A drawing of env i's current state, where the env can be drawn. */
  renderSnapshot?(i: number): RenderSnapshot;
  /** Env i's last step's reward in its parts, where the env splits its reward. */
  rewardParts?(i: number): RewardParts | undefined;
}
