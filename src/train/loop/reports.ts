/**
 * What the training loop reports as it goes: each ended episode, the step on screen, the moments the
 * course's rule is met and the run is proven, and the listener that hears them. Types only, so that checkpoints, run files and the
 * page can speak of them without importing the loop.
 */
import type { EvaluationReport, GreedyReport } from './evaluation';

export interface EpisodeReport {
  episode: number;
  return: number;
  length: number;
  outcome?: string;
  epsilon: number;
  /** Mean return of the last 100 episodes (fewer while fewer exist). */
  avg100: number;
  /** Mean loss and mean max-Q over the learning steps since the previous report; null if none. */
  loss: number | null;
  meanMaxQ: number | null;
  envSteps: number;
  updates: number;
  stepsPerSecond: number;
}

/** What the agent did in env 0's last step: the transition (s, a, r, s', done) and how a was chosen. */
export interface Decision {
  state: Float32Array;
  action: number;
  /** True when ε-greedy chose at random. */
  explored: boolean;
  reward: number;
  /** The state the step led to (the episode's last one when it ended there). */
  nextState: Float32Array;
  /** The episode ended in this step (terminated or truncated, as the replay memory records it). */
  done: boolean;
}

export interface SolvedReport {
  episode: number;
  envSteps: number;
  seconds: number;
}

/**
 * When the run was proven (config/courseRule.ts's clearsProvenBar): the course's rule met, and its best
 * model's confirmation over the bar. `episode`, `envSteps` and `seconds` are the run's at that moment;
 * `confirmation` is the model's, whose own `episode` says after which training episode it was taken.
 */
export interface ProvenReport extends SolvedReport {
  confirmation: GreedyReport;
}

export interface TrainerListener {
  onEpisode?(report: EpisodeReport): void;
  onSolved?(report: SolvedReport): void;
  onEvaluation?(report: EvaluationReport): void;
  onProven?(report: ProvenReport): void;
}
