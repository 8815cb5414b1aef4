/**
 * Autosave in the worker: checkpoints go to the run store one save at a time, a newer checkpoint taking
 * the place of one still waiting (only the latest matters: it carries every page the waiting one did),
 * and each outcome is told to the session (its next save builds on it) and to the page.
 */
import type { RunStore } from '../runs/runStore';
import type { AutosaveCheckpoint, SaveOutcome } from '../runs/savedRun';
import type { CurrentRun } from './currentRun';
import type { WorkerNotice } from './protocol';

interface Waiting {
  id: string;
  name: string;
  checkpoint: AutosaveCheckpoint;
  done: (outcome: SaveOutcome) => void;
}

export class AutosaveQueue {
  private waiting: Waiting | null = null;
  private saving = false;

  constructor(
    private readonly store: RunStore,
    private readonly notify: (notice: WorkerNotice) => void,
  ) {}

  /** Queues `checkpoint` under the run's id and its name as it is now; resolves with how it ended. */
  save(run: CurrentRun, checkpoint: AutosaveCheckpoint): Promise<SaveOutcome> {
    this.waiting?.done('superseded');
    return new Promise((done) => {
      this.waiting = { id: run.id, name: run.name, checkpoint, done };
      void this.flush();
    });
  }

  private async flush(): Promise<void> {
    if (this.saving) return;
    this.saving = true;
    while (this.waiting) {
      const { id, name, checkpoint, done } = this.waiting;
      this.waiting = null;
      const episodes = checkpoint.run.trainer.episodes;
      try {
        const outcome = await this.store.save(id, name, checkpoint);
        this.notify({
          kind: 'saved',
          text:
            outcome === 'whole'
              ? `Saved at episode ${episodes}.`
              : `Saved at episode ${episodes} without the replay memory: the browser's storage quota is full. A resumed run refills it.`,
        });
        done(outcome);
      } catch (e) {
        this.notify({
          kind: 'autosave-failed',
          text: `Autosave failed (${(e as Error).message || (e as Error).name}); training goes on unsaved.`,
        });
        done('failed');
      }
    }
    this.saving = false;
  }
}
