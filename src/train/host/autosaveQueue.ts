/**
 * Autosave in the worker: checkpoints go to the run store one save at a time, a newer checkpoint taking
 * the place of one still waiting (only the latest matters), and each outcome is told to the page.
 */
import type { RunStore } from '../runs/runStore';
import type { SessionCheckpoint } from '../runs/savedRun';
import type { CurrentRun } from './currentRun';
import type { WorkerNotice } from './protocol';

export class AutosaveQueue {
  private waiting: { id: string; name: string; checkpoint: SessionCheckpoint } | null = null;
  private saving = false;

  constructor(
    private readonly store: RunStore,
    private readonly notify: (notice: WorkerNotice) => void,
  ) {}

  /** Queues `checkpoint` under the run's id and its name as it is now. */
  save(run: CurrentRun, checkpoint: SessionCheckpoint): void {
    this.waiting = { id: run.id, name: run.name, checkpoint };
    void this.flush();
  }

  private async flush(): Promise<void> {
    if (this.saving) return;
    this.saving = true;
    while (this.waiting) {
      const { id, name, checkpoint } = this.waiting;
      this.waiting = null;
      try {
        const { withReplay } = await this.store.save(id, name, checkpoint);
        this.notify({
          kind: 'saved',
          text: withReplay
            ? `Saved at episode ${checkpoint.trainer.episodes}.`
            : `Saved at episode ${checkpoint.trainer.episodes} without the replay memory: the browser's storage quota is full. A resumed run refills it.`,
        });
      } catch (e) {
        this.notify({
          kind: 'autosave-failed',
          text: `Autosave failed (${(e as Error).message || (e as Error).name}); training goes on unsaved.`,
        });
      }
    }
    this.saving = false;
  }
}
