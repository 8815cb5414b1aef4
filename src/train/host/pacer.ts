/**
 * When steps fall due: at a finite speed step k falls due k/speed seconds after the pace began (the first
 * at once); at Infinity as many as fit. Work runs in short time slices, so that the host handles its
 * messages in between.
 */
import type { Speed } from './speed';

/** Longest stretch of work between two looks at the message queue. */
export const SLICE_MS = 12;

export class Pacer {
  /** The time and step count from which steps fall due. */
  private from = { time: 0, steps: 0 };
  private sliceStart = 0;

  constructor(private readonly now: () => number) {}

  /** Counts again from now: after a change of speed or state, or a pause in the steps (an evaluation). */
  restart(): void {
    this.from = { time: this.now(), steps: 0 };
  }

  /** Begins a time slice: how many steps are due at `speed`. */
  startSlice(speed: Speed): number {
    this.sliceStart = this.now();
    if (!Number.isFinite(speed)) return Infinity;
    const due = Math.floor(((this.sliceStart - this.from.time) * speed) / 1000) + 1 - this.from.steps;
    if (due <= speed) return due;
    // After a stall (a background tab, say) go on from now rather than race to catch up.
    this.restart();
    return 1;
  }

  /** Whether the slice has run its time. */
  sliceOver(): boolean {
    return this.now() - this.sliceStart > SLICE_MS;
  }

  /** Counts the steps a slice took. */
  took(steps: number): void {
    this.from.steps += steps;
  }

  /** Milliseconds until the next step falls due at `speed` (0 at Infinity: go on at once). */
  wait(speed: Speed): number {
    return Number.isFinite(speed)
      ? Math.max(0, this.from.time + (this.from.steps * 1000) / speed - this.now())
      : 0;
  }
}
