/**
 * A loaded model flown before the trainer exists. Watching needs no trainer, only the model and a lander
 * of its own (greedyWatch.ts), while the worker may take seconds to choose its engine (timing each one at
 * the run's network size); so a model loaded then flies at once, in real time, and the session takes the
 * flight over where it is when it starts (TrainingSession.takeOver). Its progress has the shape of the
 * session's, with no training in it: episode 0, no steps, the settings the page opened with.
 */
import type { Config } from '../../config/hyperparameters';
import { NumpyRandom } from '../../env/rng';
import { envOptions } from '../loop/evaluation';
import { GreedyWatch } from './greedyWatch';
import type { Flights } from './greedyWatch';
import type { LoadedModel } from './loadedModel';
import type { Progress, Status, WatchedEpisode } from './progress';
import { REAL_TIME } from './speed';

/** What the flight needs of the worker: the session's host, less its clock (the flight keeps no time). */
export interface FlightHost {
  schedule(task: () => void, delayMs: number): void;
  emit(progress: Progress): void;
}

export class EarlyFlight {
  private watch: GreedyWatch | null = null;
  private watched: WatchedEpisode | null = null;
  private generation = 0;
  /** Its own stream of moons, apart from the session's watches (a seed of its own, derived from the run's). */
  private readonly seeds: NumpyRandom;

  constructor(
    private readonly config: Config,
    private readonly host: FlightHost,
  ) {
    this.seeds = NumpyRandom.fromSeed(BigInt(config.seed) + (4n << 32n));
  }

  /** Flies one greedy episode of `model`; false, and nothing changes, while another flight is under way. */
  fly(model: LoadedModel): boolean {
    if (this.watch) return false;
    const seed = this.seeds.integers(0, 2 ** 31);
    this.watch = new GreedyWatch(model.policy, 'loaded', envOptions(this.config), seed, false, model.name);
    const generation = this.generation;
    this.emit(false);
    this.host.schedule(() => this.tick(generation), 0);
    return true;
  }

  /** Stops flying here and hands over what the session carries on with. */
  handOver(): Flights {
    this.generation++;
    const flights = { watch: this.watch, watched: this.watched };
    this.watch = null;
    return flights;
  }

  /** One step a tick, a tick every 1/50 s: real time, or slower while the engine timing holds the thread. */
  private tick(generation: number): void {
    if (generation !== this.generation || !this.watch) return;
    const ended = this.watch.step();
    this.emit(ended);
    if (ended) {
      this.watched = this.watch.episode;
      this.watch = null;
      return;
    }
    this.host.schedule(() => this.tick(generation), 1000 / REAL_TIME);
  }

  private emit(ended: boolean): void {
    const w = this.watch!;
    const progress: Progress = {
      status: this.status(w, ended),
      episodes: [],
      evaluations: [],
      solved: null,
      proven: null,
      fault: null,
      replaced: false,
      frames: [w.frame()],
      decision: w.decision(),
      insight: null,
    };
    this.host.emit(progress);
  }

  /** The status of a session that has not trained: the flight, and nothing else yet. */
  private status(w: GreedyWatch, ended: boolean): Status {
    return {
      state: ended ? 'paused' : 'watching',
      watching: ended ? null : { ...w.episode },
      watched: ended ? { ...w.episode } : this.watched,
      episode: 0,
      envSteps: 0,
      updates: 0,
      epsilon: this.config.epsilonStart,
      avg100: null,
      stepsPerSecond: 0,
      updateMs: 0,
      speed: REAL_TIME,
      config: { ...this.config },
      solved: null,
      proven: null,
      lastEvaluation: null,
      bestEvaluation: null,
      evaluating: null,
    };
  }
}
