import { describe, expect, it } from 'vitest';
import type { RunStore } from '../../../src/train/runs/runStore';
import type { SessionCheckpoint } from '../../../src/train/runs/savedRun';
import { AutosaveQueue } from '../../../src/train/host/autosaveQueue';
import { newRun } from '../../../src/train/host/currentRun';
import type { WorkerNotice } from '../../../src/train/host/protocol';

const checkpointAt = (episodes: number) => ({ trainer: { episodes } }) as unknown as SessionCheckpoint;

/** A store whose saves finish when the test says, recording what reached it. */
function slowStore(outcome: () => { withReplay: boolean } | Error) {
  const saved: { id: string; name: string; episodes: number }[] = [];
  const pending: (() => void)[] = [];
  const store = {
    save(id: string, name: string, checkpoint: SessionCheckpoint) {
      return new Promise<{ withReplay: boolean }>((resolve, reject) => {
        pending.push(() => {
          saved.push({ id, name, episodes: checkpoint.trainer.episodes });
          const result = outcome();
          if (result instanceof Error) reject(result);
          else resolve(result);
        });
      });
    },
  } as unknown as RunStore;
  const finishOne = async () => {
    pending.shift()!();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { store, saved, finishOne, pending };
}

describe('AutosaveQueue', () => {
  it('saves one at a time, the newest waiting checkpoint replacing older ones, and says each outcome', async () => {
    const { store, saved, finishOne, pending } = slowStore(() => ({ withReplay: true }));
    const notices: WorkerNotice[] = [];
    const queue = new AutosaveQueue(store, (n) => notices.push(n));
    const run = newRun(() => 'lab · seed 0');
    queue.save(run, checkpointAt(25));
    queue.save(run, checkpointAt(50)); // waits behind 25 …
    queue.save(run, checkpointAt(75)); // … and is replaced by 75
    expect(pending).toHaveLength(1);
    await finishOne();
    await finishOne();
    expect(pending).toHaveLength(0);
    expect(saved).toEqual([
      { id: run.id, name: 'lab · seed 0', episodes: 25 },
      { id: run.id, name: 'lab · seed 0', episodes: 75 },
    ]);
    expect(notices.map((n) => n.text)).toEqual(['Saved at episode 25.', 'Saved at episode 75.']);
  });

  it('says when the replay memory was left out, and when a save failed, and goes on saving', async () => {
    const outcomes: ({ withReplay: boolean } | Error)[] = [{ withReplay: false }, new Error('quota')];
    const { store, finishOne } = slowStore(() => outcomes.shift()!);
    const notices: WorkerNotice[] = [];
    const queue = new AutosaveQueue(store, (n) => notices.push(n));
    const run = newRun(() => null);
    queue.save(run, checkpointAt(10));
    await finishOne();
    queue.save(run, checkpointAt(20));
    await finishOne();
    expect(notices[0]).toEqual({
      kind: 'saved',
      text: "Saved at episode 10 without the replay memory: the browser's storage quota is full. A resumed run refills it.",
    });
    expect(notices[1]).toEqual({
      kind: 'autosave-failed',
      text: 'Autosave failed (quota); training goes on unsaved.',
    });
  });
});

describe('newRun', () => {
  it('fixes its name when first read, from the session then, or from the date while there is none', () => {
    let described: string | null = null;
    const run = newRun(() => described);
    described = 'fast · seed 3';
    expect(run.name).toBe('fast · seed 3');
    described = 'something else';
    expect(run.name).toBe('fast · seed 3');
    expect(newRun(() => null).name).toMatch(/^Run of /);
    expect(newRun(() => null).id).not.toBe(run.id);
  });
});
