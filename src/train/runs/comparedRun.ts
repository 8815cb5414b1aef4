/**
 * A run as a comparison shows it: its name, settings, mean-of-100 and ε curves, and evaluation points —
 * from a saved checkpoint or from a command-line run's files. Evaluations (issue 9) are optional: a run
 * saved before them simply has none.
 */
import type { Config } from '../../config/hyperparameters';
import type { EvaluationPoint, RunCurves, RunFiles } from './runFiles';
import { presetName } from './runStore';
import type { SessionCheckpoint } from './savedRun';

export interface ComparedRun {
  id: string;
  name: string;
  origin: 'saved' | 'imported';
  preset: string;
  config: Config;
  curves: RunCurves;
  evaluations: EvaluationPoint[];
}

/** Reads evaluations from a checkpoint that carries them, ignoring anything malformed. */
function checkpointEvaluations(trainer: unknown): EvaluationPoint[] {
  const list = (trainer as { evaluations?: unknown }).evaluations;
  if (!Array.isArray(list)) return [];
  return list
    .filter(
      (e): e is EvaluationPoint =>
        typeof e?.episode === 'number' && typeof e?.mean === 'number' && typeof e?.landingRate === 'number',
    )
    .map((e) => ({ episode: e.episode, mean: e.mean, landingRate: e.landingRate }));
}

export function fromCheckpoint(id: string, name: string, checkpoint: SessionCheckpoint): ComparedRun {
  const { columns } = checkpoint.history;
  return {
    id,
    name,
    origin: 'saved',
    preset: presetName(checkpoint.trainer.config),
    config: checkpoint.trainer.config,
    curves: {
      episode: Array.from(columns.episode),
      return: Array.from(columns.return),
      avg100: Array.from(columns.avg100),
      epsilon: Array.from(columns.epsilon),
    },
    evaluations: checkpointEvaluations(checkpoint.trainer),
  };
}

export function fromRunFiles(id: string, name: string, files: RunFiles): ComparedRun {
  return {
    id,
    name,
    origin: 'imported',
    preset: files.preset,
    config: files.config,
    curves: files.curves,
    evaluations: files.evaluations,
  };
}

/** Episode columns on one shared x axis, null where a run has no value (uPlot's aligned data). */
export interface AlignedRuns {
  episode: number[];
  runs: { avg100: (number | null)[]; epsilon: (number | null)[]; evaluation: (number | null)[] }[];
}

export function alignRuns(runs: readonly Pick<ComparedRun, 'curves' | 'evaluations'>[]): AlignedRuns {
  const all = new Set<number>();
  for (const r of runs) {
    for (const e of r.curves.episode) all.add(e);
    for (const p of r.evaluations) all.add(p.episode);
  }
  const episode = [...all].sort((a, b) => a - b);
  const at = new Map(episode.map((e, i) => [e, i]));
  const column = () => new Array<number | null>(episode.length).fill(null);
  return {
    episode,
    runs: runs.map((r) => {
      const avg100 = column();
      const epsilon = column();
      const evaluation = column();
      r.curves.episode.forEach((e, i) => {
        avg100[at.get(e)!] = r.curves.avg100[i];
        epsilon[at.get(e)!] = r.curves.epsilon[i];
      });
      for (const p of r.evaluations) evaluation[at.get(p.episode)!] = p.mean;
      return { avg100, epsilon, evaluation };
    }),
  };
}
