/** The order in which a LunarLander step's reward parts add up to its reward. */
import type { RewardParts } from './types';

/** The parts in the order the reward adds them up. */
export const REWARD_PART_KEYS = [
  'distance',
  'speed',
  'tilt',
  'rightLeg',
  'leftLeg',
  'mainFuel',
  'sideFuel',
  'terminal',
] as const satisfies readonly (keyof RewardParts)[];

/** The reward of a step from its parts, added in REWARD_PART_KEYS order (the env's own order). */
export function sumRewardParts(parts: RewardParts): number {
  let sum = 0;
  for (const key of REWARD_PART_KEYS) sum += parts[key];
  return sum;
}
