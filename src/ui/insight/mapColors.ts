/** Colours of the policy map: one hue per action, brightness by value; a ramp for the value alone. */

export const ACTION_NAMES = ['nothing', 'left engine', 'main engine', 'right engine'];
export const ACTION_RGB: [number, number, number][] = [
  [150, 156, 172],
  [79, 141, 245],
  [240, 138, 60],
  [79, 194, 122],
];

/** Darkest a cell gets at the lowest value, so that its action's hue still shows. */
const FLOOR = 0.22;

/** RGB of a cell with `action` and its value at `t` ∈ [0, 1] of the map's range. */
export function actionColor(action: number, t: number): [number, number, number] {
  const k = FLOOR + (1 - FLOOR) * t;
  const [r, g, b] = ACTION_RGB[action] ?? ACTION_RGB[0];
  return [r * k, g * k, b * k];
}

const RAMP: [number, number, number][] = [
  [20, 12, 60],
  [90, 40, 140],
  [200, 70, 110],
  [250, 160, 60],
  [250, 240, 150],
];

/** RGB of the value alone at `t` ∈ [0, 1]: dark violet (low) to pale yellow (high). */
export function valueColor(t: number): [number, number, number] {
  const x = Math.min(Math.max(t, 0), 1) * (RAMP.length - 1);
  const i = Math.min(Math.floor(x), RAMP.length - 2);
  const f = x - i;
  return [0, 1, 2].map((c) => RAMP[i][c] + f * (RAMP[i + 1][c] - RAMP[i][c])) as [number, number, number];
}

/** CSS gradient of the value ramp (or of one action's brightness), for the colour bar. */
export function rampGradient(action: number | null): string {
  const stops = [0, 0.25, 0.5, 0.75, 1].map((t) => {
    const [r, g, b] = action === null ? valueColor(t) : actionColor(action, t);
    return `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)}) ${t * 100}%`;
  });
  return `linear-gradient(to right, ${stops.join(', ')})`;
}
