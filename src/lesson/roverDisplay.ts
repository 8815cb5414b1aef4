/** What the lesson's panels share: the rover's states in drawing order and how a value is written. */
import { ROVER_STATES } from './marsRover';

export const STATES = Array.from({ length: ROVER_STATES }, (_, s) => s);

/** Whole values as they are, others to two decimals: the ends' rewards stay readable. */
export const formatQ = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));
