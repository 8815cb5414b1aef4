/** Anything that can stand in for NumPy's Generator in the env: the seeded PCG64 port, or recorded draws. */
export interface RandomSource {
  /** A double in [low, high), as NumPy's `Generator.uniform(low, high)`. */
  uniform(low: number, high: number): number;
  /** An integer in [low, high) (high exclusive), as NumPy's `Generator.integers(low, high)`. */
  integers(low: number, high: number): number;
}

export interface LunarLanderOptions {
  /** Continuous actions `[main, lateral]` in [-1, 1] instead of the discrete 0–3. */
  continuous?: boolean;
  /** Gravity in m/s², strictly between -12 and 0. Default -10. */
  gravity?: number;
  enableWind?: boolean;
  /** Peak wind force; default 15. */
  windPower?: number;
  /** Peak turbulence torque; default 1.5. */
  turbulencePower?: number;
  /** TimeLimit: an episode is truncated on this step after reset. Default 1000. */
  maxEpisodeSteps?: number;
  /** Source of every random draw; default: the NumPy-compatible PCG64, seeded by `reset(seed)`. */
  rng?: RandomSource;
}

/** 0 no-op, 1 left-orientation engine, 2 main engine, 3 right-orientation engine (Gymnasium's numbering). */
export type DiscreteAction = 0 | 1 | 2 | 3;
/** `[main, lateral]`: main fires above 0, a side engine when |lateral| > 0.5. */
export type ContinuousAction = readonly [number, number];
export type Action = DiscreteAction | ContinuousAction;

export type Outcome = 'landed' | 'crashed' | 'out_of_bounds' | 'time_limit';

export interface StepInfo {
  /** Set on the step that ends the episode. */
  outcome?: Outcome;
  /** The step's reward in Gymnasium's parts; absent on reset. */
  rewardParts?: RewardParts;
}

/**
 * One step's reward split as Gymnasium computes it: the change of each shaping term (being nearer the
 * pad, slower, more upright, a leg down), the fuel burnt, and the terminal ±100, which replaces all the
 * others on the step that ends the episode (they are 0 there). `sumRewardParts` gives the reward exactly.
 */
export interface RewardParts {
  distance: number;
  speed: number;
  tilt: number;
  /** The change of 10 × observation 6, the right leg's contact, and of 10 × observation 7, the left's. */
  rightLeg: number;
  leftLeg: number;
  mainFuel: number;
  sideFuel: number;
  terminal: number;
}

export interface ResetResult {
  observation: Float32Array;
  info: StepInfo;
}

export interface StepResult {
  observation: Float32Array;
  reward: number;
  terminated: boolean;
  truncated: boolean;
  info: StepInfo;
}

/** What a renderer needs to draw one frame, in world metres (y up). */
export interface RenderSnapshot {
  /** Lander hull polygon, flat [x0, y0, x1, y1, …]. */
  lander: number[];
  /** legs[0] (right) and legs[1] (left), each a flat 4-vertex polygon. */
  legs: [number[], number[]];
  legContacts: [boolean, boolean];
  /** Lander body origin and angle (for placing flames). */
  x: number;
  y: number;
  angle: number;
  /** Terrain polyline: chunk x positions and smoothed heights (11 points). */
  terrainX: number[];
  terrainY: number[];
  helipadX1: number;
  helipadX2: number;
  /** Height of the pad surface (smoothed, 0.99·H/4), where the flags stand. */
  helipadY: number;
  /** Main engine power this step, 0 (off) or in (0.5, 1]. */
  mainPower: number;
  /** Side engine power this step, signed: negative = the left-orientation engine (action 1), positive = action 3. */
  sidePower: number;
  /** World size in metres: 20 × 13.333. */
  worldWidth: number;
  worldHeight: number;
  /** Set once the episode has ended. */
  outcome?: Outcome;
}
