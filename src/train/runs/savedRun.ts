/**
 * A run as it is saved and resumed: the trainer's checkpoint and the episode history; and the same run as
 * autosave writes it, with the replay memory kept apart in pages so that a save writes only what changed.
 */
import { ReplayBuffer } from '../../agent/replayBuffer';
import type { ReplayLayout, ReplayRows } from '../../agent/replayBuffer';
import type { TrainerCheckpoint } from '../loop/checkpoint';
import type { SavedHistory } from './history';

/** A run as the session resumes it: the trainer's checkpoint and the episode history. */
export interface SessionCheckpoint {
  trainer: TrainerCheckpoint;
  history: SavedHistory;
}

/**
 * A save as autosave hands it to storage: the run without its memory (`trainer.replay` null), where the
 * memory stands, and its pages written since the last save that storage kept (every page in use when
 * `complete`). Storage that keeps it whole then holds the run as it was at this save, pages and all.
 * `replay` is null for a save meant to go without the memory (the quota refused it lately).
 */
export interface AutosaveCheckpoint {
  run: SessionCheckpoint;
  replay: { layout: ReplayLayout; pages: Map<number, ReplayRows>; complete: boolean } | null;
}

/**
 * How a save ended: kept whole (memory too), kept without the memory (the quota refused it), failed
 * (nothing changed in storage), or superseded by a newer save before it was written.
 */
export type SaveOutcome = 'whole' | 'without-replay' | 'failed' | 'superseded';

/** The run a stored checkpoint and its memory's pages (page p at index p) add up to. */
export function assembleRun(
  run: SessionCheckpoint,
  layout: ReplayLayout | null,
  pages: readonly ReplayRows[],
): SessionCheckpoint {
  if (!layout) return run;
  return { ...run, trainer: { ...run.trainer, replay: ReplayBuffer.fromPages(layout, pages) } };
}
