/**
 * Turns what the pilot holds, keys and on-screen engine buttons alike, into a LunarLander action, with
 * Gymnasium's keyboard mapping (↑ main, ← 1, → 3).
 */
import type { Action } from '../../env/types';

/** The engines a pilot fires: left (action 1), main (2) and right (3). */
export type Engine = 'left' | 'main' | 'right';

const KEYS: Record<Engine, readonly string[]> = {
  left: ['ArrowLeft', 'a'],
  main: ['ArrowUp', 'w'],
  right: ['ArrowRight', 'd'],
};

/** The action for the keys held (letters in lower case) and the engine buttons held, either firing. */
export function actionFromControls(
  keys: ReadonlySet<string>,
  buttons: ReadonlySet<Engine>,
  continuous: boolean,
): Action {
  const firing = (engine: Engine) => buttons.has(engine) || KEYS[engine].some((k) => keys.has(k));
  const up = firing('main');
  const left = firing('left');
  const right = firing('right');
  const lateral = left === right ? 0 : left ? -1 : 1;
  if (continuous) return [up ? 1 : -1, lateral];
  // The discrete lander fires one engine at a time; the main engine wins.
  if (up) return 2;
  return lateral < 0 ? 1 : lateral > 0 ? 3 : 0;
}
