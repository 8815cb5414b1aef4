/**
 * What happened between two progress messages, which the next one carries: the episodes and evaluations
 * that ended, the solve, the proof, a fault. After a resumed run replaced the history, the next one carries all of it.
 */
import type { EvaluationReport } from '../loop/evaluation';
import type { EpisodeReport, ProvenReport, SolvedReport } from '../loop/reports';
import type { EpisodeHistory } from '../runs/history';
import type { Progress } from './progress';

export type News = Pick<Progress, 'episodes' | 'evaluations' | 'replaced' | 'fault' | 'solved' | 'proven'>;

export class ProgressNews {
  private episodes: EpisodeReport[] = [];
  private evaluations: EvaluationReport[] = [];
  private solved: SolvedReport | null = null;
  private proven: ProvenReport | null = null;
  private fault: string | null = null;
  private replaced = false;

  episode(report: EpisodeReport): void {
    this.episodes.push(report);
  }

  evaluation(report: EvaluationReport): void {
    this.evaluations.push(report);
  }

  solve(report: SolvedReport): void {
    this.solved = report;
  }

  prove(report: ProvenReport): void {
    this.proven = report;
  }

  /** Training went wrong: what happened and what was done. */
  failed(fault: string): void {
    this.fault = fault;
  }

  /** The next progress carries the whole history and every evaluation, for the page to redraw. */
  historyReplaced(): void {
    this.replaced = true;
  }

  /** Forgets what a run that was replaced reported; a fault, or a replaced history, still goes out. */
  forgetRun(): void {
    this.episodes = [];
    this.evaluations = [];
    this.solved = null;
    this.proven = null;
  }

  /** The news for the next progress (the run's `history` and `evaluations` when it was replaced); then none. */
  take(history: EpisodeHistory, evaluations: readonly EvaluationReport[]): News {
    const replaced = this.replaced;
    const news: News = {
      episodes: replaced ? history.reports() : this.episodes,
      evaluations: replaced ? [...evaluations] : this.evaluations,
      replaced,
      fault: this.fault,
      solved: this.solved,
      proven: this.proven,
    };
    this.forgetRun();
    this.fault = null;
    this.replaced = false;
    return news;
  }
}
