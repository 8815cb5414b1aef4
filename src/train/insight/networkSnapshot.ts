/** The Q-network as the network view draws it: activations for the drawn state, and its weights. */
import type { DqnAgent } from '../../agent/dqn';

/** How many of the hidden-to-hidden weights are drawn: the strongest only, so that the lines stay readable. */
const STRONGEST = 96;

export interface NetworkFrame {
  inputs: number[];
  hidden1: number[];
  hidden2: number[];
  q: number[];
  /** Inputs → first hidden layer, [input][unit] row-major. */
  weights1: Float32Array;
  /** The strongest weights between the hidden layers, as (from, to, weight) triples. */
  strongest: Float32Array;
  /** Second hidden layer → outputs, [unit][action] row-major. */
  weights3: Float32Array;
}

export function networkSnapshot(agent: DqnAgent, state: ArrayLike<number>): NetworkFrame {
  const { inputs, hidden1: h1, hidden2: h2, actions } = agent.shape;
  const a = agent.activations(state);
  const frame = {
    inputs: Array.from(state),
    hidden1: Array.from(a.hidden1),
    hidden2: Array.from(a.hidden2),
    q: Array.from(a.q),
  };
  const flat = agent.weights('online');
  const w2At = inputs * h1 + h1;
  const w3At = w2At + h1 * h2 + h2;
  const order = Array.from({ length: h1 * h2 }, (_, i) => i)
    .sort((i, j) => Math.abs(flat[w2At + j]) - Math.abs(flat[w2At + i]))
    .slice(0, STRONGEST);
  const strongest = new Float32Array(order.length * 3);
  order.forEach((i, k) => {
    strongest[3 * k] = Math.floor(i / h2);
    strongest[3 * k + 1] = i % h2;
    strongest[3 * k + 2] = flat[w2At + i];
  });
  return {
    ...frame,
    weights1: flat.slice(0, inputs * h1),
    strongest,
    weights3: flat.slice(w3At, w3At + h2 * actions),
  };
}
