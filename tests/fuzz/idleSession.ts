/**
 * A running session for the fuzz tests to offer generated input to: on a host whose clock stands still and
 * which drops every task it is given, so nothing trains between two checks and any change is the input's.
 */
import { defaultConfig } from '../../src/config/hyperparameters';
import type { Config } from '../../src/config/hyperparameters';
import { TrainingSession } from '../../src/train/host/session';

/** A network small enough that thousands of patches and loads stay quick. */
export const SMALL_SESSION: Config = {
  ...defaultConfig(),
  hidden1: 8,
  hidden2: 8,
  maxEpisodeSteps: 30,
  batchSize: 8,
};

export const idleSession = (config: Config = SMALL_SESSION) =>
  new TrainingSession(config, { now: () => 0, schedule: () => {}, emit: () => {} });
