/**
 * An independent reference for the Mars rover's Q*: the Bellman equation iterated a fixed 2000 times, written
 * apart from src/lesson/bellmanTable.ts so that each checks the other.
 */
export function optimalQ(gamma: number, misstep: number, ends: [number, number] = [100, 40]): number[][] {
  const rewards = [ends[0], 0, 0, 0, 0, ends[1]];
  const last = rewards.length - 1;
  let q = rewards.map(() => [0, 0]);
  for (let it = 0; it < 2000; it++) {
    const v = q.map((row) => Math.max(...row));
    q = rewards.map((r, s) => {
      if (s === 0 || s === last) return [r, r];
      const left = r + gamma * ((1 - misstep) * v[s - 1] + misstep * v[s + 1]);
      const right = r + gamma * ((1 - misstep) * v[s + 1] + misstep * v[s - 1]);
      return [left, right];
    });
  }
  return q;
}
