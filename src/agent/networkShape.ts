/** A Q-network's layer sizes (inputs → hidden1 → hidden2 → actions), its two copies, and its parameter count. */
export interface NetworkShape {
  inputs: number;
  hidden1: number;
  hidden2: number;
  actions: number;
}

/** The network that learns, and the slowly following copy that gives the targets. */
export type Network = 'online' | 'target';

/** Parameters of a 2-hidden-layer Q-network of this shape. */
export function parameterCount({ inputs, hidden1, hidden2, actions }: NetworkShape): number {
  return (inputs + 1) * hidden1 + (hidden1 + 1) * hidden2 + (hidden2 + 1) * actions;
}
