/** Turns held keys into a LunarLander action, with Gymnasium's keyboard mapping (↑ main, ← 1, → 3). */
import type { Action } from '../../env/types';

export function actionFromKeys(held: ReadonlySet<string>, continuous: boolean): Action {
  const up = held.has('ArrowUp') || held.has('w');
  const left = held.has('ArrowLeft') || held.has('a');
  const right = held.has('ArrowRight') || held.has('d');
  const lateral = left === right ? 0 : left ? -1 : 1;
  if (continuous) return [up ? 1 : -1, lateral];
  // The discrete lander fires one engine at a time; the main engine wins.
  if (up) return 2;
  return lateral < 0 ? 1 : lateral > 0 ? 3 : 0;
}
