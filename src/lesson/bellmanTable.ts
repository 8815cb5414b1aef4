/**
 * Exact Q-values of the Mars rover by value iteration: start from Q = 0 and apply the Bellman equation
 *
 *   Q(s, a) = R(s) + γ·[(1 − p)·max Q(s_a, ·) + p·max Q(s_¬a, ·)],    Q(end, ·) = R(end)
 *
 * (s_a the neighbour a leads to, s_¬a the other one, p the misstep probability) to every state at once,
 * sweep after sweep, until nothing changes. One sweep at a time shows the values spreading from the ends.
 */
import { checkRover, LEFT, ROVER_STATES, roverRewards } from './marsRover';
import type { RoverSettings } from './marsRover';

export interface RoverProblem extends RoverSettings {
  gamma: number;
}

export interface RoverTable {
  /** Q[s][a] for s = 0–5, a = left, right. */
  q: number[][];
  /** max_a Q(s, a): the optimal return from s (its expected value when moves can go wrong). */
  v: number[];
  /** The optimal action per non-terminal state (null at the ends, and where both are equal). */
  policy: (number | null)[];
  sweeps: number;
  converged: boolean;
}

/** Sweeps before giving up; γ = 1 with missteps converges slowest, in well under this. */
const MAX_SWEEPS = 100_000;
const TOLERANCE = 1e-12;

export function checkProblem(problem: RoverProblem): RoverProblem {
  checkRover(problem);
  if (!Number.isFinite(problem.gamma) || problem.gamma < 0 || problem.gamma > 1) {
    throw new RangeError(`γ must be a number from 0 to 1, got ${problem.gamma}`);
  }
  return problem;
}

/** One sweep of the Bellman equation over every state, from `q` (not changed). */
export function bellmanSweep(problem: RoverProblem, q: number[][]): number[][] {
  const rewards = roverRewards(problem);
  const v = q.map((row) => Math.max(...row));
  const { gamma, misstep } = problem;
  return rewards.map((r, s) => {
    if (s === 0 || s === ROVER_STATES - 1) return [r, r];
    return [-1, +1].map((move) => r + gamma * ((1 - misstep) * v[s + move] + misstep * v[s - move]));
  });
}

/** The table after `sweeps` sweeps from Q = 0, or (by default) iterated until it stops changing. */
export function roverTable(problem: RoverProblem, sweeps = MAX_SWEEPS): RoverTable {
  checkProblem(problem);
  if (!Number.isInteger(sweeps) || sweeps < 0) {
    throw new RangeError(`sweeps must be a whole number ≥ 0, got ${sweeps}`);
  }
  let q = Array.from({ length: ROVER_STATES }, () => [0, 0]);
  let done = 0;
  let converged = false;
  while (done < sweeps) {
    const next = bellmanSweep(problem, q);
    done++;
    const change = Math.max(...next.flatMap((row, s) => row.map((x, a) => Math.abs(x - q[s][a]))));
    q = next;
    if (change <= TOLERANCE * Math.max(1, ...q.flat().map(Math.abs))) {
      converged = true;
      break;
    }
  }
  return {
    q,
    v: q.map((row) => Math.max(...row)),
    policy: q.map(([left, right], s) =>
      s === 0 || s === ROVER_STATES - 1 || left === right ? null : left > right ? LEFT : 1 - LEFT,
    ),
    sweeps: done,
    converged,
  };
}
