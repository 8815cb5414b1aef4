/**
 * The saved runs as the page shows them: the list and the storage it uses, what autosave did, whether
 * the browser keeps them, and the last run offered for resuming. Resuming, renaming, deleting and
 * downloading go to the playground's worker, which owns the run store.
 */
import { create } from 'zustand';
import type { ModelKind, RunSummary } from '../../train/host/protocol';
import { hasTrainer, trainer } from '../playground/workerClient';
import { errorText, say } from '../shared/messages';
import { askToKeep, currentPersistence } from './storagePersistence';
import type { Persistence } from './storagePersistence';

export interface Runs {
  runs: RunSummary[];
  /** Stored summaries too damaged to list. */
  damaged: number;
  usage: { used: number; quota: number } | null;
  current: string;
}

interface SavedRunsState {
  runs: Runs | null;
  /** Why autosave is off (null when on), and what the last save did. */
  autosaveOff: string | null;
  lastSave: string | null;
  /** Whether the browser keeps the saved runs (asked for when the first run is saved). */
  persistence: Persistence;
  /** On opening the page: the last saved run, offered for resuming. */
  resumeOffer: RunSummary | null;
}

export const useSavedRuns = create<SavedRunsState>(() => ({
  runs: null,
  autosaveOff: null,
  lastSave: null,
  persistence: null,
  resumeOffer: null,
}));

/** The run being trained, once it has been saved. */
export const currentRun = ({ runs }: SavedRunsState): RunSummary | undefined =>
  runs?.runs.find((r) => r.id === runs.current);

let askedToKeep = false;
/** Once a run is saved, asks the browser to keep saved runs (once a page; the answer is remembered). */
async function keepRuns(): Promise<void> {
  if (askedToKeep) return;
  askedToKeep = true;
  useSavedRuns.setState({ persistence: await askToKeep() });
}

async function refresh(): Promise<void> {
  if (!hasTrainer()) return;
  const runs = await trainer().runs();
  useSavedRuns.setState({ runs });
  if (runs.runs.length && !askedToKeep) useSavedRuns.setState({ persistence: await currentPersistence() });
}

const resumedText = (withReplay: boolean) =>
  withReplay
    ? 'Resumed the saved run: press Start to carry on.'
    : 'Resumed the saved run with an empty replay memory (it was saved without one, the storage being full); it refills as training goes on. Press Start to carry on.';

export const savedRuns = {
  refresh,

  /** A worker opened: whether it autosaves; after a restart, the run carries on from `resumeId`'s last save. */
  async opened(autosaveOff: string | null, resumeId?: string): Promise<void> {
    useSavedRuns.setState({ autosaveOff });
    if (resumeId) {
      await trainer()
        .resumeRun(resumeId)
        .then(({ withReplay }) => !withReplay && say('info', resumedText(false)))
        .catch((e: unknown) => say('error', `The run could not be resumed: ${errorText(e)}`));
    }
    await refresh();
  },

  /** On opening the page: the last saved run, if any, is offered for resuming. */
  offerLast(): void {
    const last = useSavedRuns.getState().runs?.runs[0];
    if (last) useSavedRuns.setState({ resumeOffer: last });
  },

  saved(text: string): void {
    useSavedRuns.setState({ lastSave: text });
    void keepRuns();
    void refresh();
  },

  saveFailed(text: string): void {
    useSavedRuns.setState({ lastSave: null });
    say('error', text);
  },

  /** Carries on with a saved run in the current worker. */
  async resume(id: string): Promise<void> {
    useSavedRuns.setState({ resumeOffer: null });
    try {
      const { withReplay } = await trainer().resumeRun(id);
      say('info', resumedText(withReplay));
    } catch (e) {
      say('error', `The run could not be resumed: ${errorText(e)}. The current run is unchanged.`);
    }
    await refresh();
  },

  declineResume: () => useSavedRuns.setState({ resumeOffer: null }),

  async rename(id: string, name: string): Promise<void> {
    await trainer()
      .renameRun(id, name)
      .catch((e: unknown) => say('error', `Not renamed: ${errorText(e)}`));
    await refresh();
  },

  async remove(id: string): Promise<void> {
    await trainer()
      .deleteRun(id)
      .catch((e: unknown) => say('error', `Not deleted: ${errorText(e)}`));
    await refresh();
  },

  model: (id: string, kind: ModelKind = 'latest') => trainer().runModel(id, kind),
  historyCsv: (id: string) => trainer().runHistoryCsv(id),
};
