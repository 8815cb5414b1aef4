/**
 * Experience replay: the last `capacity` transitions in typed arrays (a ring, oldest overwritten first),
 * sampled in mini-batches uniformly without replacement. 100k LunarLander transitions take 7.2 MB (plus
 * 0.4 MB for the sampling order). Made with prioritized replay's α, it samples by priority instead
 * (priorities.ts: 2.5 MB more at 100k), with importance weights, and takes the TD errors back.
 * It stays one file past 400 lines because the ring, its pages for autosave and its sampling (uniform or by
 * priority) all read and move the same arrays and cursor; split, each part would reach into the others.
 */
import { power, Priorities } from './priorities';
import type { SavedPriorities } from './priorities';

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
  /** Prioritized replay's importance weights, one per sample; absent for uniform replay. */
  weights?: Float32Array;
}

/** Stored transitions as plain typed arrays, one entry per slot. */
export interface ReplayRows {
  states: Float32Array;
  actions: Uint8Array;
  rewards: Float32Array;
  nextStates: Float32Array;
  dones: Uint8Array;
}

/** The memory's contents as plain typed arrays, for checkpoints. */
export interface SavedReplay extends ReplayRows {
  capacity: number;
  obsSize: number;
  /** The slot the next transition goes to. */
  next: number;
  /** A prioritized memory's priorities. */
  priorities?: SavedPriorities;
}

/** What a prioritized memory needs beyond the uniform one: α, the exponent of its priorities. */
export interface Prioritized {
  alpha: number;
}

/** How far a sample's importance weights correct for prioritized sampling (1: fully), and pᵢ's ε. */
export interface PrioritySampling {
  beta: number;
}

export interface UniformDraws {
  /** A number in [low, high). */
  uniform(low: number, high: number): number;
}

/** Where a memory stands, without its rows: what a checkpoint written page by page keeps beside the pages. */
export interface ReplayLayout {
  capacity: number;
  obsSize: number;
  next: number;
  /** Slots in use (the first `count`). */
  count: number;
  /** Slots per page: page p holds slots [p·pageRows, (p + 1)·pageRows). */
  pageRows: number;
  /**
   * A prioritized memory's priorities, whole: a priority changes with every update at random slots, so
   * they would mark every page written; 4 bytes a slot beside the pages instead.
   */
  priorities?: SavedPriorities;
}

/**
 * Slots per page when a checkpoint is written page by page (~140 kB of LunarLander transitions): a save
 * writes only the pages that changed since the last one, so at full speed it writes a few pages a second
 * rather than the whole 7 MB memory.
 */
export const REPLAY_PAGE_ROWS = 2048;

export class ReplayBuffer {
  /**
   * One row per transition: state, next state, reward, and 2·action + done (exact in a float). Sampling
   * reads rows at random across megabytes, so a row in one or two cache lines costs one or two misses
   * where five arrays cost five.
   */
  private readonly rows: Float32Array;
  private readonly width: number;
  // Identity between samples; a sample's partial Fisher–Yates shuffle swaps in it and then swaps back,
  // so a batch depends only on the generator, not on earlier batches.
  private readonly order: Int32Array;
  private swaps = new Int32Array(0);
  /** The slots a sample picked, in batch order. */
  private picked = new Int32Array(0);
  /** Where the touching loop's sum goes, so that the engine cannot drop the loop as unused. */
  private readonly touched = new Float64Array(1);
  private next = 0;
  private count = 0;
  private batch: Batch | null = null;
  /** Transitions added since this memory was made (or loaded). */
  private added = 0;
  /** For each page, `added` as it was after the last transition written into it (0: none since made). */
  private readonly pageWrites: Float64Array;
  private readonly priorities: Priorities | null;
  /** The slots of the last prioritized sample, whose priorities `updatePriorities` sets. */
  private sampled = new Int32Array(0);

  constructor(
    readonly capacity: number,
    readonly obsSize: number,
    readonly pageRows = REPLAY_PAGE_ROWS,
    prioritized: Prioritized | null = null,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`replay capacity must be ≥ 1, got ${capacity}`);
    if (!Number.isInteger(pageRows) || pageRows < 1)
      throw new RangeError(`replay pages must hold ≥ 1 slot, got ${pageRows}`);
    this.width = 2 * obsSize + 2;
    this.rows = new Float32Array(capacity * this.width);
    this.order = Int32Array.from({ length: capacity }, (_, i) => i);
    this.pageWrites = new Float64Array(Math.ceil(capacity / pageRows));
    this.priorities = prioritized ? new Priorities(capacity, prioritized.alpha) : null;
  }

  get prioritized(): boolean {
    return this.priorities !== null;
  }

  get size(): number {
    return this.count;
  }

  get bytes(): number {
    return this.rows.byteLength + this.order.byteLength;
  }

  /** Transitions added since this memory was made or loaded: a mark to ask `pagesWrittenSince` about. */
  get writes(): number {
    return this.added;
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
    const { obsSize, rows } = this;
    const i = this.next;
    const o = i * this.width;
    for (let k = 0; k < obsSize; k++) {
      rows[o + k] = state[stateAt + k];
      rows[o + obsSize + k] = nextState[nextStateAt + k];
    }
    rows[o + 2 * obsSize] = reward;
    rows[o + 2 * obsSize + 1] = 2 * action + (done ? 1 : 0);
    this.pageWrites[Math.floor(i / this.pageRows)] = ++this.added;
    this.priorities?.setNew(i);
    this.next = (i + 1) % this.capacity;
    if (this.count < this.capacity) this.count++;
  }

  /** Copies of the stored transitions, in place (so that a restored memory samples exactly the same). */
  save(): SavedReplay {
    const saved: SavedReplay = {
      capacity: this.capacity,
      obsSize: this.obsSize,
      next: this.next,
      ...this.rowsOf(0, this.count),
    };
    if (this.priorities) saved.priorities = this.priorities.save(this.count);
    return saved;
  }

  /** Where the memory stands, for a checkpoint whose rows are kept page by page. */
  layout(): ReplayLayout {
    const { capacity, obsSize, next, count, pageRows } = this;
    const layout: ReplayLayout = { capacity, obsSize, next, count, pageRows };
    if (this.priorities) layout.priorities = this.priorities.save(count);
    return layout;
  }

  /** The pages in use that took a transition after `writes` was `since`; every page in use when null. */
  pagesWrittenSince(since: number | null): number[] {
    const pages: number[] = [];
    for (let p = 0; p * this.pageRows < this.count; p++) {
      if (since === null || this.pageWrites[p] > since) pages.push(p);
    }
    return pages;
  }

  /** A copy of page `page`'s slots in use. */
  savePage(page: number): ReplayRows {
    const from = page * this.pageRows;
    return this.rowsOf(from, Math.min(from + this.pageRows, this.count));
  }

  /**
   * The memory `layout` describes, from its pages (page p at index p), as `save()` gives it; throws when a
   * page is missing or does not fill its slots, so that a memory is never resumed with a hole in it.
   */
  static fromPages(layout: ReplayLayout, pages: readonly ReplayRows[]): SavedReplay {
    const { capacity, obsSize, next, count, pageRows } = layout;
    const expected = Math.ceil(count / pageRows);
    if (pages.length !== expected)
      throw new Error(`the saved replay memory is incomplete (${pages.length} of its ${expected} pages)`);
    const saved: SavedReplay = {
      capacity,
      obsSize,
      next,
      states: new Float32Array(count * obsSize),
      actions: new Uint8Array(count),
      rewards: new Float32Array(count),
      nextStates: new Float32Array(count * obsSize),
      dones: new Uint8Array(count),
    };
    if (layout.priorities) saved.priorities = layout.priorities;
    pages.forEach((page, p) => {
      const from = p * pageRows;
      const rows = Math.min(pageRows, count - from);
      const fits =
        page?.actions?.length === rows &&
        page.dones?.length === rows &&
        page.rewards?.length === rows &&
        page.states?.length === rows * obsSize &&
        page.nextStates?.length === rows * obsSize;
      if (!fits)
        throw new Error(`the saved replay memory is inconsistent (page ${p} does not fill its slots)`);
      saved.states.set(page.states, from * obsSize);
      saved.nextStates.set(page.nextStates, from * obsSize);
      saved.rewards.set(page.rewards, from);
      saved.actions.set(page.actions, from);
      saved.dones.set(page.dones, from);
    });
    return saved;
  }

  private rowsOf(from: number, to: number): ReplayRows {
    const { obsSize, rows, width } = this;
    const n = to - from;
    const out: ReplayRows = {
      states: new Float32Array(n * obsSize),
      actions: new Uint8Array(n),
      rewards: new Float32Array(n),
      nextStates: new Float32Array(n * obsSize),
      dones: new Uint8Array(n),
    };
    for (let i = 0; i < n; i++) {
      const o = (from + i) * width;
      out.states.set(rows.subarray(o, o + obsSize), i * obsSize);
      out.nextStates.set(rows.subarray(o + obsSize, o + 2 * obsSize), i * obsSize);
      out.rewards[i] = rows[o + 2 * obsSize];
      const actionAndDone = rows[o + 2 * obsSize + 1];
      out.actions[i] = actionAndDone >> 1;
      out.dones[i] = actionAndDone & 1;
    }
    return out;
  }

  /**
   * A memory holding `saved`'s transitions, checked for consistent sizes; prioritized (with its saved
   * priorities, which it must then hold) when `prioritized` is given.
   */
  static load(saved: SavedReplay, prioritized: Prioritized | null = null): ReplayBuffer {
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
    const buffer = new ReplayBuffer(capacity, obsSize, REPLAY_PAGE_ROWS, prioritized);
    for (let i = 0; i < count; i++) {
      buffer.next = i;
      buffer.add(
        saved.states,
        saved.actions[i],
        saved.rewards[i],
        saved.nextStates,
        saved.dones[i] === 1,
        i * obsSize,
        i * obsSize,
      );
    }
    buffer.count = count;
    buffer.next = saved.next;
    if (buffer.priorities) {
      if (!saved.priorities)
        throw new Error('the saved replay memory has no priorities (it was not prioritized)');
      buffer.priorities.load(saved.priorities, count);
    }
    // What was loaded is what was saved: nothing is new to write yet.
    buffer.added = 0;
    buffer.pageWrites.fill(0);
    return buffer;
  }

  /** `batchSize` distinct transitions; the returned arrays are reused by the next call. */
  sample(batchSize: number, rng: IntegerSource): Batch {
    if (batchSize > this.count)
      throw new RangeError(`cannot sample ${batchSize} from ${this.count} transitions`);
    const b = this.batchArrays(batchSize);
    const { order, rows, width } = this;
    if (this.swaps.length < batchSize) {
      this.swaps = new Int32Array(batchSize);
      this.picked = new Int32Array(batchSize);
    }
    const { swaps, picked } = this;
    for (let k = 0; k < batchSize; k++) {
      const j = rng.integers(k, this.count);
      swaps[k] = j;
      const idx = order[j];
      order[j] = order[k];
      order[k] = idx;
      picked[k] = idx;
    }
    // The rows lie at random across megabytes: touching each row's first and last float in a tight loop
    // lets the CPU fetch many at once, where the copy below would wait for them one by one (half the time).
    let touched = 0;
    for (let k = 0; k < batchSize; k++)
      touched += rows[picked[k] * width] + rows[picked[k] * width + width - 1];
    this.touched[0] = touched;
    for (let k = 0; k < batchSize; k++) this.copyRow(picked[k], b, k);
    for (let k = batchSize - 1; k >= 0; k--) {
      const j = swaps[k];
      const t = order[j];
      order[j] = order[k];
      order[k] = t;
    }
    return b;
  }

  /** Row `idx` of the memory into slot `k` of the batch. */
  private copyRow(idx: number, b: Batch, k: number): void {
    const { obsSize, rows, width } = this;
    const from = idx * width;
    const to = k * obsSize;
    for (let c = 0; c < obsSize; c++) {
      b.states[to + c] = rows[from + c];
      b.nextStates[to + c] = rows[from + obsSize + c];
    }
    b.rewards[k] = rows[from + 2 * obsSize];
    const actionAndDone = rows[from + 2 * obsSize + 1];
    b.actions[k] = actionAndDone >> 1;
    b.dones[k] = actionAndDone & 1;
  }

  /**
   * `batchSize` transitions drawn by priority (with replacement), one from each of `batchSize` equal
   * stretches of the total priority (stratified, as Schaul et al. sample), with importance weights
   * (N·P(i))^−β divided by the batch's largest, so that they only ever scale the update down. The
   * returned arrays are reused by the next call.
   */
  samplePrioritized(batchSize: number, rng: UniformDraws, { beta }: PrioritySampling): Batch {
    const priorities = this.priorities;
    if (!priorities) throw new Error('this replay memory is not prioritized');
    if (batchSize > this.count)
      throw new RangeError(`cannot sample ${batchSize} from ${this.count} transitions`);
    const b = this.batchArrays(batchSize);
    if (b.weights?.length !== batchSize) b.weights = new Float32Array(batchSize);
    if (this.sampled.length < batchSize) this.sampled = new Int32Array(batchSize);
    const total = priorities.total;
    const stretch = total / batchSize;
    let largest = 0;
    for (let k = 0; k < batchSize; k++) {
      const idx = priorities.find(rng.uniform(k * stretch, (k + 1) * stretch), this.count);
      this.sampled[k] = idx;
      this.copyRow(idx, b, k);
      const w = power((this.count * priorities.weightOf(idx)) / total, -beta);
      b.weights[k] = w;
      if (w > largest) largest = w;
    }
    for (let k = 0; k < batchSize; k++) b.weights[k] /= largest;
    return b;
  }

  /** The last prioritized sample's slots take priority |δ| + ε from their TD errors. */
  updatePriorities(tdErrors: Float32Array, epsilon: number): void {
    const priorities = this.priorities;
    if (!priorities) throw new Error('this replay memory is not prioritized');
    for (let k = 0; k < tdErrors.length; k++)
      priorities.set(this.sampled[k], Math.abs(tdErrors[k]) + epsilon);
  }

  /** A live change of α. */
  setAlpha(alpha: number): void {
    this.priorities?.setAlpha(alpha);
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
