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
