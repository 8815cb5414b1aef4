/**
 * The Mars rover's Q-values by value iteration: start from Q = 0 and apply the Bellman equation
 *
 *   Q(s, a) = R(s) + γ·[(1 − p)·max Q(s_a, ·) + p·max Q(s_¬a, ·)],    Q(end, ·) = R(end)
 *
 * (s_a the neighbour a leads to, s_¬a the other one, p the misstep probability) to every state at once,
 * sweep after sweep, until Q is Q*. One sweep at a time shows the values spreading from the ends. Q* itself
 * is solved for exactly (exactQ), since near γ = 1 with rare missteps value iteration only creeps toward it.
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
  /** Whether its last sweep changed it by at most STILL and it is within NEAR of Q* (relative to Q*). */
  converged: boolean;
}

/**
 * Sweeps before giving up. Each sweep shrinks the distance to Q* by a factor of up to γ, so γ near 1 with
 * rare missteps and two losing ends (Q creeping to its limit) takes many: γ = 0.99987 with misstep
 * 0.00065 and ends −24 and −28 about 130,000, γ = 0.99999 about 1.9 million. A sweep is ~0.2 µs.
 */
const MAX_SWEEPS = 2_000_000;
/** Converged: a sweep changes Q by at most STILL and Q is within NEAR of Q*, relative to Q*'s scale. */
const STILL = 1e-12;
const NEAR = 1e-10;
const INNER = ROVER_STATES - 2;

export function checkProblem(problem: RoverProblem): RoverProblem {
  checkRover(problem);
  if (!Number.isFinite(problem.gamma) || problem.gamma < 0 || problem.gamma > 1) {
    throw new RangeError(`γ must be a number from 0 to 1, got ${problem.gamma}`);
  }
  return problem;
}

/** One sweep of the Bellman equation over every state, from `q` (not changed). */
export function bellmanSweep(problem: RoverProblem, q: number[][]): number[][] {
  const flat = Float64Array.from(q.flat());
  sweep(roverRewards(problem), problem, flat, new Float64Array(ROVER_STATES));
  return fromFlat(flat);
}

/**
 * One sweep in place on Q flat as Q[2s + a], every state from the Q before it (`v`: room for max_a Q);
 * returns the largest change.
 */
function sweep(rewards: number[], problem: RoverProblem, q: Float64Array, v: Float64Array): number {
  for (let s = 0; s < ROVER_STATES; s++) v[s] = Math.max(q[2 * s], q[2 * s + 1]);
  return bellman(rewards, problem, v, q);
}

/** The right side of the Bellman equation from the values `v`, into `q`; returns the largest change to `q`. */
function bellman(
  rewards: number[],
  { gamma, misstep }: RoverProblem,
  v: Float64Array,
  q: Float64Array,
): number {
  let change = 0;
  for (let s = 0; s < ROVER_STATES; s++) {
    const r = rewards[s];
    const end = s === 0 || s === ROVER_STATES - 1;
    for (let a = 0; a < 2; a++) {
      const move = a === LEFT ? -1 : +1;
      const x = end ? r : r + gamma * ((1 - misstep) * v[s + move] + misstep * v[s - move]);
      change = Math.max(change, Math.abs(x - q[2 * s + a]));
      q[2 * s + a] = x;
    }
  }
  return change;
}

function fromFlat(q: Float64Array): number[][] {
  return Array.from({ length: ROVER_STATES }, (_, s) => [q[2 * s], q[2 * s + 1]]);
}

/**
 * Q* exactly, for any γ and misstep: some way of choosing a move in each of the four inner states is
 * optimal in all of them at once, so V* is the best, state by state, of the 16 ways' values (each its
 * Bellman equations solved as a linear system), and Q* is one Bellman step from V*.
 */
export function exactQ(problem: RoverProblem): number[][] {
  checkProblem(problem);
  const rewards = roverRewards(problem);
  const best = policyValues(rewards, problem, 0);
  for (let choice = 1; choice < 1 << INNER; choice++) {
    const v = policyValues(rewards, problem, choice);
    for (let s = 1; s <= INNER; s++) best[s] = Math.max(best[s], v[s]);
  }
  const q = new Float64Array(2 * ROVER_STATES);
  bellman(rewards, problem, best, q);
  return fromFlat(q);
}

/**
 * V under the policy `choice` (bit s − 1 set: state s moves right). With missteps every policy reaches an
 * end, and its equations V(s) = R(s) + γ·[(1 − p)·V(s + m) + p·V(s − m)] form a tridiagonal system,
 * solved by elimination (Thomas). Without (or with a misstep too rare for a double to hold 1 − p apart
 * from 1, where the system is singular), each state's path is followed to the end it reaches, or round a
 * loop of inner states worth R = 0 forever.
 */
function policyValues(rewards: number[], problem: RoverProblem, choice: number): Float64Array {
  const move = (s: number) => ((choice >> (s - 1)) & 1 ? +1 : -1);
  return (
    (problem.misstep > 0 && solvedValues(rewards, problem, move)) || walkedValues(rewards, problem, move)
  );
}

/** The tridiagonal system solved, or null where it is singular to a double. */
function solvedValues(
  rewards: number[],
  { gamma, misstep }: RoverProblem,
  move: (s: number) => number,
): Float64Array | null {
  // Row s: −below·V(s − 1) + V(s) − above·V(s + 1) = R(s), the ends' known values moved to the right.
  const coefficient = (s: number, side: number) => gamma * (move(s) === side ? 1 - misstep : misstep);
  const v = Float64Array.from(rewards);
  const upper = new Float64Array(INNER + 2);
  const rhs = new Float64Array(INNER + 2);
  for (let s = 1; s <= INNER; s++) {
    const below = coefficient(s, -1);
    const above = coefficient(s, +1);
    let right = rewards[s];
    if (s === 1) right += below * rewards[0];
    if (s === INNER) right += above * rewards[INNER + 1];
    const lower = s === 1 ? 0 : below;
    const pivot = 1 - lower * upper[s - 1];
    if (!(pivot > 0)) return null;
    upper[s] = s === INNER ? 0 : above / pivot;
    rhs[s] = (right + lower * rhs[s - 1]) / pivot;
  }
  for (let s = INNER; s >= 1; s--) v[s] = rhs[s] + upper[s] * (s === INNER ? 0 : v[s + 1]);
  return v.every(Number.isFinite) ? v : null;
}

/** Each inner state's path followed without missteps. */
function walkedValues(rewards: number[], { gamma }: RoverProblem, move: (s: number) => number): Float64Array {
  const v = Float64Array.from(rewards);
  for (let s = 1; s <= INNER; s++) {
    let at = s;
    let discount = 1;
    let value = 0;
    for (let k = 0; k <= INNER && at >= 1 && at <= INNER; k++) {
      value += discount * rewards[at];
      discount *= gamma;
      at += move(at);
    }
    v[s] = at >= 1 && at <= INNER ? 0 : value + discount * rewards[at];
  }
  return v;
}

/**
 * The table after `sweeps` sweeps from Q = 0, or (by default) swept until it converges, giving up after
 * MAX_SWEEPS.
 */
export function roverTable(problem: RoverProblem, sweeps?: number): RoverTable {
  checkProblem(problem);
  if (sweeps !== undefined && (!Number.isInteger(sweeps) || sweeps < 0)) {
    throw new RangeError(`sweeps must be a whole number ≥ 0, got ${sweeps}`);
  }
  const target = Float64Array.from(exactQ(problem).flat());
  const scale = Math.max(1, ...target.map(Math.abs));
  const near = (q: Float64Array) => q.every((x, i) => Math.abs(x - target[i]) <= NEAR * scale);
  // Flat typed arrays, not arrays of rows: the slowest cases take a million sweeps.
  const rewards = roverRewards(problem);
  const flat = new Float64Array(2 * ROVER_STATES);
  const v = new Float64Array(ROVER_STATES);
  let done = 0;
  let converged = false;
  while (done < (sweeps ?? MAX_SWEEPS) && !(converged && sweeps === undefined)) {
    const change = sweep(rewards, problem, flat, v);
    done++;
    converged = change <= STILL * scale && near(flat);
  }
  const q = fromFlat(flat);
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
