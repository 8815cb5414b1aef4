/**
 * The seeds a recorded flight may start from (any non-negative integer would do; this range reads well).
 * Apart from recordedFlight.ts, which loads the network code, so that the page can check a seed without it.
 */
export const MAX_FLIGHT_SEED = 2 ** 31 - 1;
