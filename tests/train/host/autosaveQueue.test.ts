import { describe, expect, it } from 'vitest';
import type { RunStore } from '../../../src/train/runs/runStore';
import type { AutosaveCheckpoint, SaveOutcome } from '../../../src/train/runs/savedRun';
import { AutosaveQueue } from '../../../src/train/host/autosaveQueue';
import { newRun } from '../../../src/train/host/currentRun';
import type { WorkerNotice } from '../../../src/train/host/protocol';

const checkpointAt = (episodes: number) =>
  ({ run: { trainer: { episodes } } }) as unknown as AutosaveCheckpoint;

/** A store whose saves finish when the test says, recording what reached it. */
function slowStore(outcome: () => SaveOutcome | Error) {
  const saved: { id: string; name: string; episodes: number }[] = [];
  const pending: (() => void)[] = [];
  const store = {
    save(id: string, name: string, checkpoint: AutosaveCheckpoint) {
      return new Promise<SaveOutcome>((resolve, reject) => {
        pending.push(() => {
          saved.push({ id, name, episodes: checkpoint.run.trainer.episodes });
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
    const { store, saved, finishOne, pending } = slowStore(() => 'whole');
    const notices: WorkerNotice[] = [];
    const queue = new AutosaveQueue(store, (n) => notices.push(n));
    const run = newRun(() => 'lab · seed 0');
    const outcomes = [25, 50, 75].map((episodes) => queue.save(run, checkpointAt(episodes)));
    // 50 waits behind 25, and is replaced by 75, which carries all it did.
    expect(pending).toHaveLength(1);
    await finishOne();
    await finishOne();
    expect(pending).toHaveLength(0);
    expect(await Promise.all(outcomes)).toEqual(['whole', 'superseded', 'whole']);
    expect(saved).toEqual([
      { id: run.id, name: 'lab · seed 0', episodes: 25 },
      { id: run.id, name: 'lab · seed 0', episodes: 75 },
    ]);
    expect(notices.map((n) => n.text)).toEqual(['Saved at episode 25.', 'Saved at episode 75.']);
  });

  it('says when the replay memory was left out, and when a save failed, and goes on saving', async () => {
    const outcomes: (SaveOutcome | Error)[] = ['without-replay', new Error('quota')];
    const { store, finishOne } = slowStore(() => outcomes.shift()!);
    const notices: WorkerNotice[] = [];
    const queue = new AutosaveQueue(store, (n) => notices.push(n));
    const run = newRun(() => null);
    const first = queue.save(run, checkpointAt(10));
    await finishOne();
    const second = queue.save(run, checkpointAt(20));
    await finishOne();
    expect([await first, await second]).toEqual(['without-replay', 'failed']);
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
