/**
 * Experience replay: the last `capacity` transitions in typed arrays (a ring, oldest overwritten first),
 * sampled in mini-batches uniformly without replacement. 100k LunarLander transitions take 7.4 MB.
 */

export interface IntegerSource {
  /** An integer in [low, high). */
  integers(low: number, high: number): number;
}

export interface Batch {
  states: Float32Array;
  actions: Int32Array;
  rewards: Float32Array;
  nextStates: Float32Array;
  dones: Float32Array;
  size: number;
}

/** The memory's contents as plain typed arrays, for checkpoints. */
export interface SavedReplay {
  capacity: number;
  obsSize: number;
  /** The slot the next transition goes to. */
  next: number;
  states: Float32Array;
  actions: Uint8Array;
  rewards: Float32Array;
  nextStates: Float32Array;
  dones: Uint8Array;
}

export class ReplayBuffer {
  private readonly states: Float32Array;
  private readonly actions: Uint8Array;
  private readonly rewards: Float32Array;
  private readonly nextStates: Float32Array;
  private readonly dones: Uint8Array;
  // Identity between samples; a sample's partial Fisher–Yates shuffle swaps in it and then swaps back,
  // so a batch depends only on the generator, not on earlier batches.
  private readonly order: Int32Array;
  private swaps = new Int32Array(0);
  private next = 0;
  private count = 0;
  private batch: Batch | null = null;

  constructor(
    readonly capacity: number,
    readonly obsSize: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`replay capacity must be ≥ 1, got ${capacity}`);
    this.states = new Float32Array(capacity * obsSize);
    this.nextStates = new Float32Array(capacity * obsSize);
    this.actions = new Uint8Array(capacity);
    this.rewards = new Float32Array(capacity);
    this.dones = new Uint8Array(capacity);
    this.order = Int32Array.from({ length: capacity }, (_, i) => i);
  }

  get size(): number {
    return this.count;
  }

  get bytes(): number {
    return (
      this.states.byteLength +
      this.nextStates.byteLength +
      this.actions.byteLength +
      this.rewards.byteLength +
      this.dones.byteLength +
      this.order.byteLength
    );
  }

  /** Stores one transition; the states are read from `stateAt` and `nextStateAt` in their arrays. */
  add(
    state: ArrayLike<number>,
    action: number,
    reward: number,
    nextState: ArrayLike<number>,
    done: boolean,
    stateAt = 0,
    nextStateAt = 0,
  ): void {
    const i = this.next;
    const o = i * this.obsSize;
    for (let k = 0; k < this.obsSize; k++) {
      this.states[o + k] = state[stateAt + k];
      this.nextStates[o + k] = nextState[nextStateAt + k];
    }
    this.actions[i] = action;
    this.rewards[i] = reward;
    this.dones[i] = done ? 1 : 0;
    this.next = (i + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** Copies of the stored transitions, in place (so that a restored memory samples exactly the same). */
  save(): SavedReplay {
    const { obsSize, count } = this;
    return {
      capacity: this.capacity,
      obsSize,
      next: this.next,
      states: this.states.slice(0, count * obsSize),
      actions: this.actions.slice(0, count),
      rewards: this.rewards.slice(0, count),
      nextStates: this.nextStates.slice(0, count * obsSize),
      dones: this.dones.slice(0, count),
    };
  }

  /** A memory holding `saved`'s transitions, checked for consistent sizes. */
  static load(saved: SavedReplay): ReplayBuffer {
    const { capacity, obsSize } = saved;
    const count = saved.actions?.length;
    const fits =
      Number.isInteger(count) &&
      count <= capacity &&
      Number.isInteger(saved.next) &&
      saved.next >= 0 &&
      saved.next < capacity &&
      (count === capacity || saved.next === count % capacity) &&
      saved.states?.length === count * obsSize &&
      saved.nextStates?.length === count * obsSize &&
      saved.rewards?.length === count &&
      saved.dones?.length === count;
    if (!fits) throw new Error('the saved replay memory is inconsistent (its arrays differ in length)');
    const buffer = new ReplayBuffer(capacity, obsSize);
    buffer.states.set(saved.states);
    buffer.nextStates.set(saved.nextStates);
    buffer.actions.set(saved.actions);
    buffer.rewards.set(saved.rewards);
    buffer.dones.set(saved.dones);
    buffer.count = count;
    buffer.next = saved.next;
    return buffer;
  }

  /** `batchSize` distinct transitions; the returned arrays are reused by the next call. */
  sample(batchSize: number, rng: IntegerSource): Batch {
    if (batchSize > this.count)
      throw new RangeError(`cannot sample ${batchSize} from ${this.count} transitions`);
    const b = this.batchArrays(batchSize);
    const order = this.order;
    if (this.swaps.length < batchSize) this.swaps = new Int32Array(batchSize);
    for (let k = 0; k < batchSize; k++) {
      const j = rng.integers(k, this.count);
      this.swaps[k] = j;
      const idx = order[j];
      order[j] = order[k];
      order[k] = idx;
      b.states.set(this.states.subarray(idx * this.obsSize, (idx + 1) * this.obsSize), k * this.obsSize);
      b.nextStates.set(
        this.nextStates.subarray(idx * this.obsSize, (idx + 1) * this.obsSize),
        k * this.obsSize,
      );
      b.actions[k] = this.actions[idx];
      b.rewards[k] = this.rewards[idx];
      b.dones[k] = this.dones[idx];
    }
    for (let k = batchSize - 1; k >= 0; k--) {
      const j = this.swaps[k];
      const t = order[j];
      order[j] = order[k];
      order[k] = t;
    }
    return b;
  }

  private batchArrays(size: number): Batch {
    if (this.batch?.size !== size) {
      this.batch = {
        states: new Float32Array(size * this.obsSize),
        actions: new Int32Array(size),
        rewards: new Float32Array(size),
        nextStates: new Float32Array(size * this.obsSize),
        dones: new Float32Array(size),
        size,
      };
    }
    return this.batch;
  }
}
