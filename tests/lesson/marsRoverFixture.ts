/**
 * An independent reference for the Mars rover's Q*: the Bellman equation iterated until what is left to move
 * is below 1e-12, written apart from src/lesson/bellmanTable.ts (which solves for Q* exactly) so that each
 * checks the other. (A fixed 2000 sweeps fell 1e-6 short where γ is near 1 and two losing ends make Q creep
 * to its limit; so did stopping at the first sweep that moved nothing by more than 1e-13, for γ within
 * 1e-12 of 1.)
 */
export function optimalQ(gamma: number, misstep: number, ends: [number, number] = [100, 40]): number[][] {
  const q = settledQ(gamma, misstep, ends);
  if (!q) throw new Error(`the reference did not settle for γ ${gamma}, misstep ${misstep}`);
  return q;
}

/** The same, or null where a million sweeps do not settle it (γ near 1 with the rarest missteps). */
export function settledQ(gamma: number, misstep: number, ends: [number, number]): number[][] | null {
  const rewards = [ends[0], 0, 0, 0, 0, ends[1]];
  const last = rewards.length - 1;
  // Flat [state][action] in typed arrays, so a million sweeps take milliseconds, not seconds.
  const q = new Float64Array(2 * rewards.length);
  const v = new Float64Array(rewards.length);
  let previous = Infinity;
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
    // Settled when what is left, judged by how fast the moves shrink (once the ends' values have spread,
    // sweeps move it geometrically, by ratio), is below 1e-12: a tiny move alone is not enough where γ is
    // within 1e-12 of 1.
    const ratio = moved / previous;
    previous = moved;
    if (moved === 0 || (it > 2 * rewards.length && ratio < 1 && (moved * ratio) / (1 - ratio) <= 1e-12)) {
      return rewards.map((_, s) => [q[2 * s], q[2 * s + 1]]);
    }
  }
  return null;
}
