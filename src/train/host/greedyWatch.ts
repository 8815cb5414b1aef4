/**
 * One greedy episode (ε = 0) flown for the eye, a step at a time in real time, from the current policy or
 * a loaded one: a GreedyFlight of one episode on a lander of its own, so that it flies exactly as an
 * evaluation would from the same seed and touches none of training's envs or random streams.
 */
import { argmax } from '../../agent/qNetwork';
import type { PlainForward } from '../../agent/qNetwork';
import { LunarLander } from '../../env/lunarLander';
import type { LunarLanderOptions, RenderSnapshot } from '../../env/types';
import { GreedyFlight, OUTCOMES } from '../loop/evaluation';
import type { DrawnDecision, WatchedEpisode } from './progress';

/** What a session takes over from a flight begun before it (earlyFlight.ts): the one under way, the last one. */
export interface Flights {
  watch: GreedyWatch | null;
  watched: WatchedEpisode | null;
}

export class GreedyWatch {
  readonly episode: WatchedEpisode;
  private readonly env: LunarLander;
  private readonly flight: GreedyFlight;
  private readonly q = (state: Float32Array) => this.policy.forward(state);

  constructor(
    private readonly policy: PlainForward,
    source: WatchedEpisode['policy'],
    options: LunarLanderOptions,
    seed: number,
    /** Whether training goes on once the episode ends. */
    public resume: boolean,
    /** The loaded model's name, for what the page says is flying. */
    model?: string,
  ) {
    this.env = new LunarLander(options);
    this.flight = new GreedyFlight(this.env, 1, seed);
    this.episode = { policy: source, return: 0, steps: 0, ...(model !== undefined && { model }) };
  }

  /** Flies one step; true when it ended the episode, whose outcome `episode` then says. */
  step(): boolean {
    const ended = this.flight.advance(this.q, 1);
    const { flown } = this.flight;
    this.episode.return = ended ? flown.returns[0] : this.flight.episodeReturn;
    this.episode.steps++;
    if (ended) this.episode.outcome = OUTCOMES.find((o) => flown.outcomes[o] > 0);
    return ended;
  }

  frame(): RenderSnapshot {
    return this.env.renderSnapshot();
  }

  /** The policy's Q-values for the state it acts on next, and its choice. */
  decision(): DrawnDecision {
    const q = this.policy.forward(this.flight.observation);
    return { qValues: Array.from(q), action: argmax(q), explored: false };
  }
}
