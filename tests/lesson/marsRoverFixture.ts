/**
 * An independent reference for the Mars rover's Q*: the Bellman equation iterated until a sweep moves no value
 * by more than 1e-13, written apart from src/lesson/bellmanTable.ts so that each checks the other. (A fixed
 * 2000 sweeps fell 1e-6 short where γ is near 1 and two losing ends make Q creep to its limit.)
 */
export function optimalQ(gamma: number, misstep: number, ends: [number, number] = [100, 40]): number[][] {
  const rewards = [ends[0], 0, 0, 0, 0, ends[1]];
  const last = rewards.length - 1;
  let q = rewards.map(() => [0, 0]);
  for (let it = 0; it < 1_000_000; it++) {
    const v = q.map((row) => Math.max(...row));
    const next = rewards.map((r, s) => {
      if (s === 0 || s === last) return [r, r];
      const left = r + gamma * ((1 - misstep) * v[s - 1] + misstep * v[s + 1]);
      const right = r + gamma * ((1 - misstep) * v[s + 1] + misstep * v[s - 1]);
      return [left, right];
    });
    const moved = Math.max(...next.flat().map((x, i) => Math.abs(x - q.flat()[i])));
    q = next;
    if (moved <= 1e-13) return q;
  }
  throw new Error(`the reference did not settle for γ ${gamma}, misstep ${misstep}`);
}
