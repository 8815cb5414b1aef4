/**
 * Autosave: the run goes to storage every SAVE_EVERY_MS of training, so that a reload, a closed tab or a
 * killed worker at full speed loses about a second. Each save carries the run without its replay memory
 * plus only the memory's pages written since the last save storage kept, so that at full speed a save is
 * a few hundred kB rather than 8 MB. A save whose own cost grows (a long history) is spaced out so that
 * saving never takes more than SAVE_SHARE of the time.
 */
import type { ReplayBuffer } from '../../agent/replayBuffer';
import type { AutosaveCheckpoint, SaveOutcome, SessionCheckpoint } from '../runs/savedRun';

export const SAVE_EVERY_MS = 1000;
/**
 * After the quota refuses the memory, saves go without it for this long before it is tried again: each
 * refused attempt still costs storage room (until the browser compacts it), so trying every second would
 * soon leave no room even for the run without its memory.
 */
export const QUOTA_RETRY_MS = 60_000;
/** The most of the training thread's time saving may take: its cost sets the time to the next save. */
export const SAVE_SHARE = 0.01;

export type SaveRun = (checkpoint: AutosaveCheckpoint) => Promise<SaveOutcome> | void;

export class Autosave {
  private lastAt = -Infinity;
  private gapMs = SAVE_EVERY_MS;
  /** The memory storage holds whole, and its `writes` mark when it was saved; null: storage holds none of it. */
  private stored: { memory: ReplayBuffer; writes: number } | null = null;
  private refusedAt = -Infinity;

  constructor(
    private readonly now: () => number,
    private readonly saveRun: SaveRun,
  ) {}

  /** Whether a save is due while training runs. */
  get due(): boolean {
    return this.now() - this.lastAt >= this.gapMs;
  }

  /**
   * Saves the run `take` gives (without its memory; null when there is nothing good to save) and the pages
   * of `memory` that storage does not hold yet (none for QUOTA_RETRY_MS after the quota refused them).
   */
  save(take: () => SessionCheckpoint | null, memory: ReplayBuffer): void {
    const started = this.now();
    const run = take();
    if (!run) return;
    const since = this.stored?.memory === memory ? this.stored.writes : null;
    const writes = memory.writes;
    const withMemory = started - this.refusedAt >= QUOTA_RETRY_MS;
    const pages = new Map(
      withMemory ? memory.pagesWrittenSince(since).map((p) => [p, memory.savePage(p)]) : [],
    );
    const outcome = this.saveRun({
      run,
      replay: withMemory ? { layout: memory.layout(), pages, complete: since === null } : null,
    });
    this.lastAt = this.now();
    this.gapMs = Math.max(SAVE_EVERY_MS, (this.lastAt - started) / SAVE_SHARE);
    // Saves end in the order they were made: each one kept whole is the new base for the next.
    void outcome?.then((o) => {
      if (o === 'whole') this.stored = { memory, writes };
      else if (o === 'without-replay') {
        this.stored = null;
        if (withMemory) this.refusedAt = started;
      }
    });
  }
}
