/**
 * Autosave's timing and what each save carries: every page of the memory at first and after storage lost
 * it, then only the pages written since the last save storage kept.
 */
import { describe, expect, it } from 'vitest';
import { ReplayBuffer } from '../../../src/agent/replayBuffer';
import { Autosave, QUOTA_RETRY_MS, SAVE_EVERY_MS, SAVE_SHARE } from '../../../src/train/host/autosave';
import type { AutosaveCheckpoint, SaveOutcome, SessionCheckpoint } from '../../../src/train/runs/savedRun';

const RUN = {} as SessionCheckpoint;

/** A memory of 10-slot pages, and `add(n)` to write n more transitions into it. */
function memory() {
  const buffer = new ReplayBuffer(100, 1, 10);
  let added = 0;
  const add = (n: number) => {
    for (let i = 0; i < n; i++, added++) buffer.add([added], 0, 0, [added], false);
  };
  return { buffer, add };
}

/** Autosave on a clock the test moves, whose saves end as the test says. */
function autosave() {
  let time = 0;
  const saves: AutosaveCheckpoint[] = [];
  const answers: ((o: SaveOutcome) => void)[] = [];
  const save = new Autosave(
    () => time,
    (checkpoint) => {
      saves.push(checkpoint);
      return new Promise<SaveOutcome>((answer) => answers.push(answer));
    },
  );
  const answer = async (o: SaveOutcome) => {
    answers.shift()!(o);
    await Promise.resolve();
  };
  return { save, saves, answer, advance: (ms: number) => (time += ms) };
}

const pagesOf = (c: AutosaveCheckpoint) => [...c.replay!.pages.keys()];

describe('autosave', () => {
  it('is due every SAVE_EVERY_MS, and saves nothing when there is no good run to save', () => {
    const { save, saves, advance } = autosave();
    const { buffer } = memory();
    expect(save.due).toBe(true);
    save.save(() => null, buffer);
    expect(saves).toHaveLength(0);
    save.save(() => RUN, buffer);
    expect(save.due).toBe(false);
    advance(SAVE_EVERY_MS - 1);
    expect(save.due).toBe(false);
    advance(1);
    expect(save.due).toBe(true);
  });

  it('carries every page first, then only those written since the last save storage kept whole', async () => {
    const { save, saves, answer, advance } = autosave();
    const { buffer, add } = memory();
    add(25);
    save.save(() => RUN, buffer);
    expect(pagesOf(saves[0])).toEqual([0, 1, 2]);
    expect(saves[0].replay!.complete).toBe(true);
    await answer('whole');
    add(10); // slots 25–34: pages 2 and 3
    save.save(() => RUN, buffer);
    expect(pagesOf(saves[1])).toEqual([2, 3]);
    expect(saves[1].replay!.complete).toBe(false);
    // That save fails (storage unchanged), and the next still carries its pages.
    await answer('failed');
    add(10); // slots 35–44: pages 3 and 4
    save.save(() => RUN, buffer);
    expect(pagesOf(saves[2])).toEqual([2, 3, 4]);
    // Superseded by a newer save before it was written: storage unchanged too.
    await answer('superseded');
    save.save(() => RUN, buffer);
    expect(pagesOf(saves[3])).toEqual([2, 3, 4]);
    await answer('whole');
    save.save(() => RUN, buffer);
    expect(pagesOf(saves[4])).toEqual([]);
    // The quota refused the memory: storage holds none of it. Saves go without it for QUOTA_RETRY_MS, and
    // then the next save carries it all.
    await answer('without-replay');
    save.save(() => RUN, buffer);
    expect(saves[5].replay).toBeNull();
    await answer('without-replay');
    advance(QUOTA_RETRY_MS - 1);
    save.save(() => RUN, buffer);
    expect(saves[6].replay).toBeNull();
    advance(1);
    save.save(() => RUN, buffer);
    expect(pagesOf(saves[7])).toEqual([0, 1, 2, 3, 4]);
    expect(saves[7].replay!.complete).toBe(true);
  });

  it('carries every page of a new memory (a reset or a resumed run)', async () => {
    const { save, saves, answer } = autosave();
    const first = memory();
    first.add(15);
    save.save(() => RUN, first.buffer);
    await answer('whole');
    const second = memory();
    second.add(5);
    save.save(() => RUN, second.buffer);
    expect(pagesOf(saves[1])).toEqual([0]);
    expect(saves[1].replay!.complete).toBe(true);
  });

  it('spaces saves out so that their cost stays under SAVE_SHARE of the time', () => {
    const { save, advance } = autosave();
    const { buffer } = memory();
    const slowSave = 3 * SAVE_SHARE * SAVE_EVERY_MS; // three times what one second allows
    save.save(() => {
      advance(slowSave);
      return RUN;
    }, buffer);
    advance(SAVE_EVERY_MS);
    expect(save.due).toBe(false);
    advance(slowSave / SAVE_SHARE - SAVE_EVERY_MS);
    expect(save.due).toBe(true);
  });
});
