/**
 * Gymnasium's hand-written pilot for LunarLander (`gymnasium.envs.box2d.lunar_lander.heuristic`): steer the
 * nose toward a target angle that brings the lander over the pad, and hover toward a target height that
 * shrinks as it nears the pad. It lands on 39 of Gymnasium's seeds 0–39; tests fly it, the UI can demo it.
 */
import type { ContinuousAction, DiscreteAction } from './types';

/** Computed in double on the float32 observation, as NumPy 1.24 does. */
function todo(s: ArrayLike<number>): { angleTodo: number; hoverTodo: number } {
  // Lean toward the pad in proportion to the offset and the drift, but never past ±0.4 rad.
  let angleTarget = s[0] * 0.5 + s[2] * 1.0;
  if (angleTarget > 0.4) angleTarget = 0.4;
  if (angleTarget < -0.4) angleTarget = -0.4;
  // Far from the pad, stay high; over it, come down.
  const hoverTarget = 0.55 * Math.abs(s[0]);

  let angleTodo = (angleTarget - s[4]) * 0.5 - s[5] * 1.0;
  let hoverTodo = (hoverTarget - s[1]) * 0.5 - s[3] * 0.5;
  if (s[6] || s[7]) {
    // Once a leg is down, only slow the descent.
    angleTodo = 0;
    hoverTodo = -s[3] * 0.5;
  }
  return { angleTodo, hoverTodo };
}

export function heuristicDiscrete(observation: ArrayLike<number>): DiscreteAction {
  const { angleTodo, hoverTodo } = todo(observation);
  if (hoverTodo > Math.abs(angleTodo) && hoverTodo > 0.05) return 2;
  if (angleTodo < -0.05) return 3;
  if (angleTodo > 0.05) return 1;
  return 0;
}

export function heuristicContinuous(observation: ArrayLike<number>): ContinuousAction {
  const { angleTodo, hoverTodo } = todo(observation);
  const clip = (x: number) => Math.min(1, Math.max(-1, x));
  return [clip(hoverTodo * 20 - 1), clip(-angleTodo * 20)];
}
