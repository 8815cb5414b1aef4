/** A Q-network's layer sizes (inputs → hidden1 → hidden2 → actions), its two copies, and its parameter count. */
export interface NetworkShape {
  inputs: number;
  hidden1: number;
  hidden2: number;
  actions: number;
  /**
   * A dueling head: the last layer has one more unit, V(s), and Q(s, a) = out(s, a) − mean out(s, ·) + V(s).
   * Only learners hold this form; being linear, it folds into a plain last layer (`foldDueling`), which is
   * what model files, flights and the page see.
   */
  dueling?: boolean;
}

/** The network that learns, and the slowly following copy that gives the targets. */
export type Network = 'online' | 'target';

/** Units of the last layer: the actions, and V with a dueling head. */
export function outputUnits({ actions, dueling }: NetworkShape): number {
  return dueling ? actions + 1 : actions;
}

/** Parameters of a 2-hidden-layer Q-network of this shape (a dueling head's V unit included). */
export function parameterCount(shape: NetworkShape): number {
  const { inputs, hidden1, hidden2 } = shape;
  return (inputs + 1) * hidden1 + (hidden1 + 1) * hidden2 + (hidden2 + 1) * outputUnits(shape);
}

/** The plain Sequential shape a dueling network folds into. */
export function plainShape({ inputs, hidden1, hidden2, actions }: NetworkShape): NetworkShape {
  return { inputs, hidden1, hidden2, actions };
}

/**
 * A dueling network's weights (Layers order, last layer [hidden2 × (actions + 1)]) as the plain network
 * computing the same Q: W[i, a] − mean_a' W[i, a'] + W[i, V], and the same for the bias.
 */
export function foldDueling(shape: NetworkShape, flat: Float32Array): Float32Array {
  const { hidden2, actions } = shape;
  const units = actions + 1;
  const head = flat.length - (hidden2 + 1) * units;
  const out = new Float32Array(head + (hidden2 + 1) * actions);
  out.set(flat.subarray(0, head));
  // The bias is one more row after the kernel's hidden2 rows.
  for (let r = 0; r <= hidden2; r++) {
    const from = head + r * units;
    let sum = 0;
    for (let a = 0; a < actions; a++) sum += flat[from + a];
    const shift = flat[from + actions] - sum / actions;
    for (let a = 0; a < actions; a++) out[head + r * actions + a] = flat[from + a] + shift;
  }
  return out;
}

/**
 * Plain weights as a dueling network computing the same Q (to continue a saved model with a dueling head):
 * the advantages are the plain last layer and V its mean, so that A − mean A + V gives it back.
 */
export function unfoldDueling(shape: NetworkShape, flat: Float32Array): Float32Array {
  const { hidden2, actions } = shape;
  const units = actions + 1;
  const head = flat.length - (hidden2 + 1) * actions;
  const out = new Float32Array(head + (hidden2 + 1) * units);
  out.set(flat.subarray(0, head));
  for (let r = 0; r <= hidden2; r++) {
    let sum = 0;
    for (let a = 0; a < actions; a++) {
      const w = flat[head + r * actions + a];
      out[head + r * units + a] = w;
      sum += w;
    }
    out[head + r * units + actions] = sum / actions;
  }
  return out;
}
