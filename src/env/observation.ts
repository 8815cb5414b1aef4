/**
 * The names of the observation's eight numbers, s0 … s7, for every view that shows them.
 *
 * The legs are named for the side of the screen they stand on, x growing rightward as every renderer draws
 * it. Gymnasium builds legs[0] with i = −1 at x = centre − i·LEG_AWAY, right of the hull, and reports its
 * contact in s6; legs[1] (i = +1) stands on the left and is s7 (tests/env/observation.test.ts).
 */
export const OBSERVATION_NAMES = [
  'x',
  'y',
  'vx',
  'vy',
  'angle',
  'angular velocity',
  'right leg',
  'left leg',
] as const;
