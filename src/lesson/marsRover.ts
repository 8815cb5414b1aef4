/**
 * The course's Mars rover: six states in a row, a reward at each end (100 and 40 by default) and 0
 * between, actions left and right, the ends terminal. As the course counts it, the reward of a state is
 * collected when acting in it, so Q(s, a) = R(s) + γ·max Q(s′, ·) and Q(end, ·) = R(end). With a misstep
 * probability a move goes the other way (the course's stochastic environment).
 *
 * Shaped as the trainer's vector env (one env, one-hot observations), so the DQN learns it unchanged.
 */
import { NumpyRandom } from '../env/rng';

export const ROVER_STATES = 6;
export const LEFT = 0;
export const RIGHT = 1;
export const MAX_MISSTEP = 0.5;
/** End rewards are kept to a range where a small network can still fit them. */
export const MAX_END_REWARD = 1000;

export interface RoverSettings {
  leftReward: number;
  rightReward: number;
  /** The probability that a move goes the other way, 0–0.5. */
  misstep: number;
}

export const COURSE_ROVER: RoverSettings = { leftReward: 100, rightReward: 40, misstep: 0 };

/** The settings checked: an Error naming the bad one and what is allowed. */
export function checkRover(settings: RoverSettings): RoverSettings {
  for (const [key, name] of [
    ['leftReward', 'left'],
    ['rightReward', 'right'],
  ] as const) {
    const v = settings[key];
    if (!Number.isFinite(v) || Math.abs(v) > MAX_END_REWARD) {
      throw new RangeError(
        `The reward at the ${name} end must be a number from −${MAX_END_REWARD} to ${MAX_END_REWARD}, got ${v}`,
      );
    }
  }
  const p = settings.misstep;
  if (!Number.isFinite(p) || p < 0 || p > MAX_MISSTEP) {
    throw new RangeError(`The misstep probability must be from 0 to ${MAX_MISSTEP}, got ${p}`);
  }
  return settings;
}

/** R(s) for the states 0–5 (the course numbers them 1–6). */
export function roverRewards({ leftReward, rightReward }: RoverSettings): number[] {
  return Array.from({ length: ROVER_STATES }, (_, s) =>
    s === 0 ? leftReward : s === ROVER_STATES - 1 ? rightReward : 0,
  );
}

export class MarsRover {
  readonly n = 1;
  readonly obsSize = ROVER_STATES;
  readonly numActions = 2;
  readonly settings: RoverSettings;
  private readonly rewards: number[];
  private rng = NumpyRandom.fromSeed(0);
  private s = 0;
  private readonly obs = new Float32Array(ROVER_STATES);
  private readonly result = {
    observations: this.obs,
    rewards: new Float64Array(1),
    terminated: new Uint8Array(1),
    truncated: new Uint8Array(1),
    finalObservations: new Float32Array(ROVER_STATES),
  };

  constructor(settings: Partial<RoverSettings> = {}) {
    this.settings = checkRover({ ...COURSE_ROVER, ...settings });
    this.rewards = roverRewards(this.settings);
  }

  reset(baseSeed: number): Float32Array {
    this.rng = NumpyRandom.fromSeed(baseSeed);
    this.start();
    return this.obs;
  }

  step(actions: ArrayLike<number>) {
    const r = this.result;
    r.rewards[0] = this.rewards[this.s];
    const terminal = this.s === 0 || this.s === ROVER_STATES - 1;
    r.terminated[0] = terminal ? 1 : 0;
    if (terminal) {
      r.finalObservations.set(this.obs); // nothing follows; its value is masked by done
      this.start();
    } else {
      let move = actions[0] === LEFT ? -1 : 1;
      if (this.rng.uniform(0, 1) < this.settings.misstep) move = -move;
      this.s += move;
      this.encode();
    }
    return r;
  }

  /** Episodes start in a non-terminal state; the terminals are learned when reached (acting there ends it). */
  private start(): void {
    this.s = this.rng.integers(1, ROVER_STATES - 1);
    this.encode();
  }

  private encode(): void {
    this.obs.fill(0);
    this.obs[this.s] = 1;
  }
}
