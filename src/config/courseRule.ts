/**
 * The course lab's rule for "solved": the mean return of the last SOLVED_WINDOW episodes at or above
 * SOLVED_RETURN (Gymnasium's own bar for LunarLander), judged only once the run has SOLVED_WINDOW episodes
 * of its own: a run continued from a loaded model starts counting again.
 */
export const SOLVED_RETURN = 200;
export const SOLVED_WINDOW = 100;

/** The mean return of the last SOLVED_WINDOW episodes (of all of them before then); null before the first. */
export function recentMean(returns: readonly number[]): number | null {
  const recent = returns.slice(-SOLVED_WINDOW);
  return recent.length ? recent.reduce((a, b) => a + b, 0) / recent.length : null;
}

/** Whether a run with these returns (its own, oldest first) has met the course's rule. */
export function meetsCourseRule(returns: readonly number[]): boolean {
  return returns.length >= SOLVED_WINDOW && recentMean(returns)! >= SOLVED_RETURN;
}

/**
 * Lander Lab's bar for "proven", stricter than the course's rule: the model itself, flying greedily on moons
 * that did not choose it (a confirmation), returns PROVEN_RETURN on average and lands on PROVEN_LANDING_RATE
 * of them. A run is proven once it has met the course's rule and its best model has cleared this bar.
 */
export const PROVEN_RETURN = SOLVED_RETURN;
export const PROVEN_LANDING_RATE = 0.9;

/** Whether greedy figures (a confirmation's) clear the bar for proven. */
export function clearsProvenBar(figures: { mean: number; landingRate: number }): boolean {
  return figures.mean >= PROVEN_RETURN && figures.landingRate >= PROVEN_LANDING_RATE;
}
