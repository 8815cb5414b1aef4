/**
 * A session host for tests on a virtual clock: every call to now() moves time on a little (so time slices
 * end), and scheduled tasks run in time order when the test says.
 */
import { defaultConfig } from '../../../src/config/hyperparameters';
import type { Config } from '../../../src/config/hyperparameters';
import type { Progress } from '../../../src/train/host/progress';
import type { SessionHost } from '../../../src/train/host/session';

export class VirtualHost implements SessionHost {
  time = 0;
  readonly progress: Progress[] = [];
  private queue: { at: number; task: () => void }[] = [];

  now(): number {
    return (this.time += 0.05);
  }
  schedule(task: () => void, delayMs: number): void {
    this.queue.push({ at: this.time + delayMs, task });
  }
  emit(progress: Progress): void {
    this.progress.push(progress);
  }
  /** Runs scheduled tasks until virtual time `ms`. */
  runUntil(ms: number): void {
    for (;;) {
      this.queue.sort((a, b) => a.at - b.at);
      const next = this.queue[0];
      if (!next || next.at > ms) break;
      this.queue.shift();
      this.time = Math.max(this.time, next.at);
      next.task();
    }
    this.time = Math.max(this.time, ms);
  }
  get last(): Progress {
    return this.progress[this.progress.length - 1];
  }
  episodes(): number[] {
    return this.progress.flatMap((p) => p.episodes.map((e) => e.episode));
  }
}

/** Small and quick: short episodes, a small network, learning from the first batch. */
export const SMALL: Config = {
  ...defaultConfig(),
  hidden1: 16,
  hidden2: 16,
  maxEpisodeSteps: 60,
  batchSize: 16,
};
