/** A run as it is saved and resumed: the trainer's checkpoint and the episode history. */
import type { TrainerCheckpoint } from '../loop/checkpoint';
import type { SavedHistory } from './history';

/** A run as the session resumes it: the trainer's checkpoint and the episode history. */
export interface SessionCheckpoint {
  trainer: TrainerCheckpoint;
  history: SavedHistory;
}
