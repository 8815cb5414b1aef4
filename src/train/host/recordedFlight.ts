/**
 * One greedy episode (ε = 0) flown at once for a recording: the frames the page turns into a video and a
 * GIF. It flies on a lander of its own, with its own copy of the network (plain arrays), so it touches
 * none of training's envs, random streams or weights: the run trains on exactly as it would have. The
 * worker flies it in short chunks between training's slices (an episode of 1000 steps is some tens of
 * milliseconds of work in all), so the page stays answered and training is not held up.
 */
import type { NetworkShape } from '../../agent/networkShape';
import { PlainForward } from '../../agent/qNetwork';
import { LunarLander } from '../../env/lunarLander';
import type { LunarLanderOptions, Outcome, RenderSnapshot } from '../../env/types';
import { GreedyFlight, OUTCOMES } from '../loop/evaluation';
import type { ExportedNetwork, ModelSource } from '../runs/exportedNetwork';
import { MAX_FLIGHT_SEED } from './flightSeed';
import type { LoadedModel } from './loadedModel';

export interface RecordedFlight {
  source: ModelSource;
  seed: number;
  /**
   * The lander as it was reset, then after each step: steps + 1 frames, 1/50 s apart (the env's 50 steps
   * per second), the last showing how the episode ended.
   */
  frames: RenderSnapshot[];
  steps: number;
  return: number;
  outcome: Outcome;
}

/**
 * One greedy episode of `network` from `seed` on a new lander with `options`, every frame kept, flown a
 * few steps at a time so that a host with a message loop (the worker) lets training's slices run between.
 */
export class FlightRecorder {
  private readonly flight: GreedyFlight;
  private readonly env: LunarLander;
  private readonly frames: RenderSnapshot[];
  private readonly q: (state: Float32Array) => Float32Array;

  constructor(
    private readonly network: Pick<ExportedNetwork, 'source' | 'shape' | 'weights'>,
    options: LunarLanderOptions,
    private readonly seed: number,
  ) {
    if (!Number.isSafeInteger(seed) || seed < 0 || seed > MAX_FLIGHT_SEED) {
      throw new RangeError(`a flight's seed is a whole number from 0 to ${MAX_FLIGHT_SEED}; got ${seed}`);
    }
    const policy = new PlainForward(network.shape);
    policy.loadFlat(network.weights);
    this.q = (state) => policy.forward(state);
    this.env = new LunarLander(options);
    this.flight = new GreedyFlight(this.env, 1, seed);
    this.frames = [this.env.renderSnapshot()];
  }

  /** Flies up to `maxSteps` steps; the flight once the episode has ended, else null. */
  advance(maxSteps = Infinity): RecordedFlight | null {
    for (let n = 0; n < maxSteps; n++) {
      const ended = this.flight.advance(this.q, 1);
      this.frames.push(this.env.renderSnapshot());
      if (ended) return this.result();
    }
    return null;
  }

  private result(): RecordedFlight {
    const { flown } = this.flight;
    return {
      source: this.network.source,
      seed: this.seed,
      frames: this.frames,
      steps: this.frames.length - 1,
      return: flown.returns[0],
      outcome: OUTCOMES.find((o) => flown.outcomes[o] > 0)!,
    };
  }
}

/** The whole flight at once (the command line, the tests). */
export function recordFlight(
  network: Pick<ExportedNetwork, 'source' | 'shape' | 'weights'>,
  options: LunarLanderOptions,
  seed: number,
): RecordedFlight {
  return new FlightRecorder(network, options, seed).advance()!;
}

/** A loaded model as an export or a recording takes it. */
export function loadedNetwork(model: LoadedModel): ExportedNetwork {
  const shape: NetworkShape = model.shape;
  return {
    source: 'loaded',
    shape,
    weights: model.weights.slice(),
    metadata: {
      app: 'Lander Lab',
      which: 'loaded',
      file: model.name,
      episodes: model.episodes,
      date: new Date().toISOString(),
    },
  };
}
