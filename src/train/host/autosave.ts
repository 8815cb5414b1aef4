/**
 * When the session keeps a checkpoint: after CHECKPOINT_EVERY more episodes, but at most once per
 * CHECKPOINT_MIN_MS while running (and on every Pause, which saves whatever this says). At full speed a
 * run ends ~100 episodes a second, and a checkpoint with its replay memory is ~8 MB.
 */
export const CHECKPOINT_EVERY = 25;
export const CHECKPOINT_MIN_MS = 15_000;

export class AutosaveSchedule {
  private lastEpisode: number;
  private lastAt = -Infinity;

  /** `episodes`: where the run stands; its first save is CHECKPOINT_EVERY episodes later. */
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
  saved(episodes: number): void {
    this.lastEpisode = episodes;
    this.lastAt = this.now();
  }
}
