/**
 * The policy map: the Q-network's greedy action and value over the moon's x–y plane, for a lander with
 * the drawn lander's velocities, angle and leg contacts. One batched forward pass over the whole grid.
 */
import type { DqnAgent } from '../../agent/dqn';
import { observedPosition, WORLD_HEIGHT, WORLD_WIDTH } from '../../env/lunarLander';

/** Cells across and up: square cells of 5/12 m, 12.5 px in the 600 × 400 view. */
export const MAP_COLUMNS = 48;
export const MAP_ROWS = 32;

export interface PolicyMapFrame {
  columns: number;
  rows: number;
  /** The greedy action per cell, row by row from the top of the sky down, each row left to right. */
  actions: Uint8Array;
  /** V(s) = max_a Q(s, a) per cell, in the same order. */
  values: Float32Array;
  min: number;
  max: number;
}

export class PolicyMap {
  private readonly states = new Float32Array(MAP_COLUMNS * MAP_ROWS * 8);

  constructor() {
    // The positions never change: only the other six entries follow the drawn lander.
    for (let row = 0; row < MAP_ROWS; row++) {
      for (let col = 0; col < MAP_COLUMNS; col++) {
        const x = ((col + 0.5) / MAP_COLUMNS) * WORLD_WIDTH;
        const y = WORLD_HEIGHT - ((row + 0.5) / MAP_ROWS) * WORLD_HEIGHT;
        const [sx, sy] = observedPosition(x, y);
        const at = (row * MAP_COLUMNS + col) * 8;
        this.states[at] = sx;
        this.states[at + 1] = sy;
      }
    }
  }

  /** The map for a lander otherwise in `state` (an 8-entry observation). */
  compute(agent: DqnAgent, state: ArrayLike<number>): PolicyMapFrame {
    const count = MAP_COLUMNS * MAP_ROWS;
    for (let i = 0; i < count; i++) {
      for (let k = 2; k < 8; k++) this.states[i * 8 + k] = state[k];
    }
    const q = agent.forwardBatch(this.states, count, 'online');
    const n = agent.shape.actions;
    const actions = new Uint8Array(count);
    const values = new Float32Array(count);
    let min = Infinity;
    let max = -Infinity;
    for (let i = 0; i < count; i++) {
      let best = 0;
      for (let a = 1; a < n; a++) if (q[i * n + a] > q[i * n + best]) best = a;
      const v = q[i * n + best];
      actions[i] = best;
      values[i] = v;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    return { columns: MAP_COLUMNS, rows: MAP_ROWS, actions, values, min, max };
  }
}
