/** What a training session reports to its host, a few times a second: its status and what moved. */
import type { Config } from '../../config/hyperparameters';
import type { RenderSnapshot } from '../../env/types';
import type { InsightFrame } from '../insight/insight';
import type { EvaluationReport } from '../loop/evaluation';
import type { EpisodeReport, ProvenReport, SolvedReport } from '../loop/reports';
import type { Speed } from './speed';

export type SessionState = 'paused' | 'running' | 'watching';

export interface Status {
  state: SessionState;
  /** While watching: whose policy flies, and the return so far. */
  watching: WatchedEpisode | null;
  /** The last watched episode, once it has ended. */
  watched: WatchedEpisode | null;
  episode: number;
  envSteps: number;
  updates: number;
  epsilon: number;
  avg100: number | null;
  stepsPerSecond: number;
  updateMs: number;
  speed: Speed;
  config: Config;
  /** When the lab's rule was met in this run (null until then). */
  solved: SolvedReport | null;
  /** When the run was proven: solved, and its best model's confirmation over the bar (null until then). */
  proven: ProvenReport | null;
  /**
   * The run's most recent greedy evaluation, and its best by confirmed mean return (null before the first);
   * each with its confirmation where it had one.
   */
  lastEvaluation: EvaluationReport | null;
  bestEvaluation: EvaluationReport | null;
  /** The oldest evaluation in flight (null when none is). */
  evaluating: EvaluationInFlight | null;
}

/**
 * An evaluation under way: it runs beside training (on a thread of its own, or in line when training needs
 * its result) and its result is applied at a point it fixes itself (train/loop/evaluator.ts), where training
 * waits for it if it is not in.
 */
export interface EvaluationInFlight {
  /** The training episode whose weights it flies. */
  episode: number;
  /** Its evaluation was a candidate, and the same weights fly the confirmation moons. */
  confirming: boolean;
  /** Training waits for it now. */
  waiting: boolean;
  /** On a thread of its own (else flown in line, while training waits). */
  threaded: boolean;
}

export interface WatchedEpisode {
  /** The training agent's weights as they are, or a loaded model's. */
  policy: 'current' | 'loaded';
  /** The loaded model's name (its file's), when `policy` is 'loaded'. */
  model?: string;
  return: number;
  steps: number;
  outcome?: string;
}

export interface DrawnDecision {
  qValues: number[];
  action: number;
  explored: boolean;
}

export interface Progress {
  status: Status;
  /** Episodes ended since the previous progress, oldest first. */
  episodes: EpisodeReport[];
  /** Greedy evaluations since the previous progress, oldest first (all of them when `replaced`). */
  evaluations: EvaluationReport[];
  /** Set in the progress where the lab's rule is first met. */
  solved: SolvedReport | null;
  /** Set in the progress where the run is first proven. */
  proven: ProvenReport | null;
  /** Set when training went wrong and was stopped: what happened and what was done. */
  fault: string | null;
  /** True when the episode history was replaced (a resumed run): the page redraws from `episodes`. */
  replaced: boolean;
  /** Env 0 first, then the other parallel envs (drawn as ghosts); null when nothing moved. */
  frames: RenderSnapshot[] | null;
  decision: DrawnDecision | null;
  /** The policy map, network, reward parts and Bellman target of the drawn env; null when none is due. */
  insight: InsightFrame | null;
}
