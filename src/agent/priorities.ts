/**
 * Prioritized replay's priorities (Schaul et al. 2016, proportional variant): slot i is drawn with
 * probability pᵢ^α / Σ p^α, where pᵢ = |δᵢ| + ε is its last TD error's size and a new transition gets the
 * largest p so far, so that it is learned from at least once. A sum tree over pᵢ^α (leaves in a Float64Array
 * laid out once, each parent the sum of its two children) finds a draw's slot and updates one priority in
 * O(log N). The raw pᵢ are kept too, so that a live change of α rebuilds the tree from them.
 */

/**
 * base^exponent for base > 0 as exp(exponent·ln base): V8's exp and log are one port of fdlibm everywhere,
 * while its Math.pow gives different last bits in Node 20 and Chromium (integerPower.ts), and a priority or
 * weight one bit off would part a seed's run in the page from the same run in Node.
 */
export function power(base: number, exponent: number): number {
  return Math.exp(exponent * Math.log(base));
}

export interface SavedPriorities {
  /** pᵢ = |δᵢ| + ε of the slots in use. */
  priorities: Float32Array;
  /** The largest p so far: what a new transition gets. */
  maxPriority: number;
}

export class Priorities {
  /** Leaves start at `leaves`; node k's children are 2k and 2k + 1; node 1 is the total. */
  private readonly tree: Float64Array;
  private readonly leaves: number;
  private readonly raw: Float32Array;
  private alpha: number;
  maxPriority = 1;

  constructor(
    readonly capacity: number,
    alpha: number,
  ) {
    let leaves = 1;
    while (leaves < capacity) leaves *= 2;
    this.leaves = leaves;
    this.tree = new Float64Array(2 * leaves);
    this.raw = new Float32Array(capacity);
    this.alpha = alpha;
  }

  get total(): number {
    return this.tree[1];
  }

  /** pᵢ^α of slot i. */
  weightOf(slot: number): number {
    return this.tree[this.leaves + slot];
  }

  /** A new α: every leaf is recomputed from the raw priorities (O(N), only on a change). */
  setAlpha(alpha: number): void {
    if (alpha === this.alpha) return;
    this.alpha = alpha;
    const { tree, leaves, raw } = this;
    for (let i = 0; i < this.capacity; i++) tree[leaves + i] = raw[i] === 0 ? 0 : power(raw[i], alpha);
    for (let k = leaves - 1; k >= 1; k--) tree[k] = tree[2 * k] + tree[2 * k + 1];
  }

  /** Slot `slot` takes priority p (> 0). */
  set(slot: number, p: number): void {
    this.raw[slot] = p;
    // Compared as stored (float32), so that every saved priority is at most the saved largest.
    if (this.raw[slot] > this.maxPriority) this.maxPriority = this.raw[slot];
    let k = this.leaves + slot;
    this.tree[k] = power(this.raw[slot], this.alpha);
    // Each parent recomputed from its children, not moved by a difference, so no rounding accumulates.
    for (k >>= 1; k >= 1; k >>= 1) this.tree[k] = this.tree[2 * k] + this.tree[2 * k + 1];
  }

  /** A new transition in `slot`: the largest priority so far. */
  setNew(slot: number): void {
    this.set(slot, this.maxPriority);
  }

  /** The slot whose share of the total holds `mass` (0 ≤ mass < total), among the first `count`. */
  find(mass: number, count: number): number {
    const { tree, leaves } = this;
    let k = 1;
    while (k < leaves) {
      const left = tree[2 * k];
      if (mass < left) k = 2 * k;
      else {
        mass -= left;
        k = 2 * k + 1;
      }
    }
    // Rounding can walk past the last slot in use (onto a zero leaf); the last one in use is then meant.
    return Math.min(k - leaves, count - 1);
  }

  save(count: number): SavedPriorities {
    return { priorities: this.raw.slice(0, count), maxPriority: this.maxPriority };
  }

  /** Takes up saved priorities; throws, naming what does not fit, unless they are `count` positive numbers. */
  load(saved: SavedPriorities, count: number): void {
    const { priorities, maxPriority } = saved ?? {};
    const fits =
      priorities instanceof Float32Array &&
      priorities.length === count &&
      priorities.every((p) => Number.isFinite(p) && p > 0 && p <= maxPriority) &&
      Number.isFinite(maxPriority) &&
      maxPriority > 0;
    if (!fits)
      throw new Error('the saved replay priorities are inconsistent (not one positive number per slot)');
    this.raw.fill(0);
    this.raw.set(priorities);
    this.maxPriority = maxPriority;
    const alpha = this.alpha;
    this.alpha = NaN;
    this.setAlpha(alpha);
  }
}
