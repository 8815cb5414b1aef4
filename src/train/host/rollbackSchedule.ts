/**
 * When the session keeps a checkpoint in memory to roll back to if training diverges: after
 * CHECKPOINT_EVERY more episodes, but at most once per CHECKPOINT_MIN_MS while running (and on every
 * Pause). It is a whole copy with the replay memory (~8 MB), so it is kept rarely; saving to storage is
 * autosave.ts's and far more frequent.
 */
export const CHECKPOINT_EVERY = 25;
export const CHECKPOINT_MIN_MS = 15_000;

export class RollbackSchedule {
  private lastEpisode: number;
  private lastAt = -Infinity;

  /** `episodes`: where the run stands; its first checkpoint is CHECKPOINT_EVERY episodes later. */
  constructor(
    private readonly now: () => number,
    episodes = 0,
  ) {
    this.lastEpisode = episodes;
  }

  /** Whether a checkpoint is due after `episodes` episodes. */
  due(episodes: number): boolean {
    return episodes >= this.lastEpisode + CHECKPOINT_EVERY && this.now() - this.lastAt >= CHECKPOINT_MIN_MS;
  }

  /** A checkpoint was kept after `episodes` episodes. */
  kept(episodes: number): void {
    this.lastEpisode = episodes;
    this.lastAt = this.now();
  }
}
