/**
 * Saved runs in IndexedDB (usable from the worker and the page): a small summary per run for the runs
 * list, the run's checkpoint beside it, and its replay memory in pages (only the pages that changed are
 * written by a save; the summary, checkpoint and pages of one save go in one transaction, so a save is
 * kept whole or not at all). A checkpoint that does not fit the quota is saved without its replay memory,
 * and the caller is told so.
 */
import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase } from 'idb';
import type { ReplayLayout, ReplayRows } from '../../agent/replayBuffer';
import type { Config } from '../../config/hyperparameters';
import { PRESETS } from '../../config/presets';
import type { EvaluationReport } from '../loop/evaluation';
import { EpisodeHistory } from './history';
import { assembleRun } from './savedRun';
import type { AutosaveCheckpoint, SaveOutcome, SessionCheckpoint } from './savedRun';

export interface RunSummary {
  id: string;
  name: string;
  created: string;
  updated: string;
  episodes: number;
  /** Best mean of 100 consecutive returns so far (null before 100 episodes). */
  bestAvg100: number | null;
  /** The best greedy evaluation so far (absent in summaries saved before evaluation existed). */
  bestEvaluation?: EvaluationReport | null;
  preset: string;
  withReplay: boolean;
}

/**
 * A run's checkpoint as stored: its memory's layout beside it and the rows in `replayPages` (version 2);
 * a checkpoint stored by version 1 holds its memory in `trainer.replay` and has no layout.
 */
type StoredCheckpoint = SessionCheckpoint & { replayPages?: ReplayLayout | null };

interface RunsDb extends DBSchema {
  runs: { key: string; value: RunSummary };
  checkpoints: { key: string; value: StoredCheckpoint };
  /** Keyed [run id, page number]. */
  replayPages: { key: [string, number]; value: ReplayRows };
}

const DB_NAME = 'lander-lab';
const DB_VERSION = 2;

/** Every page of a run from `first` on. */
const pagesOf = (id: string, first = 0) => IDBKeyRange.bound([id, first], [id, Infinity]);

/** Settings that do not change what a run learns, so they do not make it another preset. */
const NOT_PRESET: readonly (keyof Config)[] = ['seed', 'evalEvery', 'evalEpisodes'];

/** Which preset a config is, or 'custom'. */
export function presetName(config: Config): string {
  const same = Object.values(PRESETS).find((p) =>
    (Object.keys(p.config) as (keyof Config)[]).every(
      (k) => NOT_PRESET.includes(k) || p.config[k] === config[k],
    ),
  );
  return same?.name ?? 'custom';
}

export class RunStore {
  private constructor(private readonly db: IDBPDatabase<RunsDb>) {}

  /** Opens the store, or throws saying why autosave cannot work here (no IndexedDB, private mode…). */
  static async open(): Promise<RunStore> {
    if (typeof indexedDB === 'undefined') throw new Error('this browser offers no IndexedDB here');
    try {
      const db = await new Promise<IDBPDatabase<RunsDb>>((resolve, reject) => {
        openDB<RunsDb>(DB_NAME, DB_VERSION, {
          upgrade(d, oldVersion) {
            if (oldVersion < 1) {
              d.createObjectStore('runs', { keyPath: 'id' });
              d.createObjectStore('checkpoints');
            }
            if (oldVersion < 2) d.createObjectStore('replayPages');
          },
          // Without this the open would wait, silently, for as long as the other tab stays open.
          blocked: () => reject(new Error('another tab holds the saved runs open in an older version')),
          // A newer Lander Lab in another tab wants to upgrade: let it (autosave here then reports failing).
          blocking: (_current, _next, event) => (event.target as IDBDatabase).close(),
        }).then(resolve, reject);
      });
      return new RunStore(db);
    } catch (e) {
      const error = e as Error;
      if (error.name === 'VersionError') {
        throw new Error('IndexedDB cannot be opened: the saved runs were written by a newer Lander Lab');
      }
      throw new Error(`IndexedDB cannot be opened (${error.message || error.name})`);
    }
  }

  /** The saved runs, newest first, and how many summaries are too damaged to list. */
  async list(): Promise<{ runs: RunSummary[]; damaged: number }> {
    const all = (await this.db.getAll('runs')) as unknown[];
    const runs = all.filter(isSummary);
    return {
      runs: runs.sort((a, b) => b.updated.localeCompare(a.updated)),
      damaged: all.length - runs.length,
    };
  }

  /**
   * Saves a run with the pages of its memory the save carries: 'whole', or 'without-replay' when the quota
   * refuses the memory or the save carries none (then none of it is kept, and the next save with the memory
   * must carry every page).
   */
  async save(
    id: string,
    name: string,
    { run: checkpoint, replay }: AutosaveCheckpoint,
  ): Promise<Exclude<SaveOutcome, 'failed' | 'superseded'>> {
    const found = await this.db.get('runs', id);
    const existing = isSummary(found) ? found : undefined;
    const best = EpisodeHistory.bestAvg100(checkpoint.history);
    const now = new Date().toISOString();
    const summary = (withReplay: boolean): RunSummary => ({
      id,
      name: existing?.name ?? name,
      created: existing?.created ?? now,
      updated: now,
      episodes: checkpoint.trainer.episodes,
      bestAvg100: best,
      bestEvaluation: checkpoint.trainer.best?.report ?? null,
      preset: presetName(checkpoint.trainer.config),
      withReplay,
    });
    if (replay) {
      try {
        await this.write(summary(true), checkpoint, replay.layout, replay.pages, replay.complete);
        return 'whole';
      } catch (e) {
        if ((e as Error).name !== 'QuotaExceededError' || replay.layout.count === 0) throw e;
      }
    }
    await this.write(summary(false), checkpoint, null, new Map(), true);
    return 'without-replay';
  }

  /** A saved run with its memory put back together; throws saying why when it is gone or incomplete. */
  async load(id: string): Promise<SessionCheckpoint> {
    const tx = this.db.transaction(['checkpoints', 'replayPages']);
    const stored = await tx.objectStore('checkpoints').get(id);
    if (!stored) throw new Error('that run is no longer saved');
    const { replayPages: layout, ...run } = stored;
    const pages = layout ? await tx.objectStore('replayPages').getAll(pagesOf(id)) : [];
    return assembleRun(run, layout ?? null, pages);
  }

  async rename(id: string, name: string): Promise<void> {
    const trimmed = name.trim().slice(0, 80);
    if (!trimmed) throw new Error('a run needs a name');
    const run = await this.db.get('runs', id);
    if (!run) throw new Error('that run is no longer saved');
    await this.db.put('runs', { ...run, name: trimmed });
  }

  async delete(id: string): Promise<void> {
    const tx = this.db.transaction(['runs', 'checkpoints', 'replayPages'], 'readwrite');
    await Promise.all([
      tx.objectStore('runs').delete(id),
      tx.objectStore('checkpoints').delete(id),
      tx.objectStore('replayPages').delete(pagesOf(id)),
      tx.done,
    ]);
  }

  /**
   * One save in one transaction: the summary, the checkpoint with its memory's layout, and the pages
   * given; `complete` (every page in use is given) also drops the pages past the memory's end.
   */
  private async write(
    summary: RunSummary,
    checkpoint: SessionCheckpoint,
    layout: ReplayLayout | null,
    pages: Map<number, ReplayRows>,
    complete: boolean,
  ): Promise<void> {
    const tx = this.db.transaction(['runs', 'checkpoints', 'replayPages'], 'readwrite');
    const pageStore = tx.objectStore('replayPages');
    const inUse = layout ? Math.ceil(layout.count / layout.pageRows) : 0;
    await Promise.all([
      tx.objectStore('runs').put(summary),
      tx.objectStore('checkpoints').put({ ...checkpoint, replayPages: layout }, summary.id),
      complete ? pageStore.delete(pagesOf(summary.id, inUse)) : null,
      ...Array.from(pages, ([p, rows]) => pageStore.put(rows, [summary.id, p])),
      tx.done,
    ]);
  }
}

/** Whether a stored summary has every field the runs list shows (storage can be damaged or edited). */
function isSummary(raw: unknown): raw is RunSummary {
  const r = raw as Partial<RunSummary> | null;
  return (
    typeof r === 'object' &&
    r !== null &&
    [r.id, r.name, r.created, r.updated, r.preset].every((v) => typeof v === 'string') &&
    Number.isInteger(r.episodes) &&
    (r.bestAvg100 === null || Number.isFinite(r.bestAvg100)) &&
    typeof r.withReplay === 'boolean'
  );
}

/** Bytes used and allowed for this site's storage, where the browser says. */
export async function storageUsage(): Promise<{ used: number; quota: number } | null> {
  const estimate = await globalThis.navigator?.storage?.estimate?.();
  return estimate ? { used: estimate.usage ?? 0, quota: estimate.quota ?? 0 } : null;
}
