/**
 * Training time: a clock that runs only while the session trains, so that a solve time or a run's seconds
 * count from Start to that moment with every pause, watched flight and idle minute left out, as the page,
 * the model's metadata and a resumed run all report them.
 */
export class TrainingClock {
  private banked = 0;
  private since: number | null = null;

  constructor(private readonly wall: () => number) {}

  /** Milliseconds trained so far. */
  now(): number {
    return this.banked + (this.since === null ? 0 : this.wall() - this.since);
  }

  /** Runs the clock while `training`, stops it otherwise; a repeat call changes nothing. */
  runWhile(training: boolean): void {
    if (training && this.since === null) this.since = this.wall();
    else if (!training && this.since !== null) {
      this.banked += this.wall() - this.since;
      this.since = null;
    }
  }
}
