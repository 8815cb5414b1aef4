/**
 * An independent reference for the Mars rover's Q*: the Bellman equation iterated until a sweep moves no value
 * by more than 1e-13, written apart from src/lesson/bellmanTable.ts so that each checks the other. (A fixed
 * 2000 sweeps fell 1e-6 short where γ is near 1 and two losing ends make Q creep to its limit.)
 */
export function optimalQ(gamma: number, misstep: number, ends: [number, number] = [100, 40]): number[][] {
  const rewards = [ends[0], 0, 0, 0, 0, ends[1]];
  const last = rewards.length - 1;
  // Flat [state][action] in typed arrays, so a million sweeps take milliseconds, not seconds.
  const q = new Float64Array(2 * rewards.length);
  const v = new Float64Array(rewards.length);
  for (let it = 0; it < 1_000_000; it++) {
    for (let s = 0; s <= last; s++) v[s] = Math.max(q[2 * s], q[2 * s + 1]);
    let moved = 0;
    for (let s = 0; s <= last; s++) {
      const r = rewards[s];
      const end = s === 0 || s === last;
      const left = end ? r : r + gamma * ((1 - misstep) * v[s - 1] + misstep * v[s + 1]);
      const right = end ? r : r + gamma * ((1 - misstep) * v[s + 1] + misstep * v[s - 1]);
      moved = Math.max(moved, Math.abs(left - q[2 * s]), Math.abs(right - q[2 * s + 1]));
      q[2 * s] = left;
      q[2 * s + 1] = right;
    }
    if (moved <= 1e-13) return rewards.map((_, s) => [q[2 * s], q[2 * s + 1]]);
  }
  throw new Error(`the reference did not settle for γ ${gamma}, misstep ${misstep}`);
}
