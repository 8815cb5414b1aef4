/** The lab's ε schedule: start high, multiply by `decay` after every episode, never below `min`. */
export function nextEpsilon(epsilon: number, decay: number, min: number): number {
  return Math.max(min, decay * epsilon);
}
