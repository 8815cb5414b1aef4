/**
 * The comparison: which saved runs are ticked, and the runs on the comparison chart (saved ones read
 * from the browser's run store, command-line ones imported from their files). The page reads saved
 * runs itself: comparing never disturbs the training worker.
 */
import { create } from 'zustand';
import { fromCheckpoint, fromRunFiles } from '../../train/runs/comparedRun';
import type { ComparedRun } from '../../train/runs/comparedRun';
import { readPickedRun } from '../../train/runs/importRun';
import type { PickedFile } from '../../train/runs/importRun';
import { runName } from '../../train/runs/runName';
import { RunStore } from '../../train/runs/runStore';
import type { RunSummary } from '../../train/host/protocol';
import { say } from '../shared/messages';

/** One colour per run, distinct on the dark background; they repeat past eight runs. */
export const RUN_COLOURS = [
  '#f5b642',
  '#66b3e6',
  '#e66f66',
  '#5fd68b',
  '#c58af0',
  '#f08ac5',
  '#c9c9d9',
  '#8ad6d0',
];

interface CompareState {
  ticked: string[];
  runs: ComparedRun[];
}

export const useCompare = create<CompareState>(() => ({ ticked: [], runs: [] }));

let store: Promise<RunStore> | null = null;
let imported = 0;

export const compare = {
  toggle(id: string): void {
    useCompare.setState(({ ticked }) => ({
      ticked: ticked.includes(id) ? ticked.filter((t) => t !== id) : [...ticked, id],
    }));
  },

  /** The ticked saved runs on the chart (with the imported ones already there). */
  async showTicked(summaries: readonly RunSummary[]): Promise<void> {
    const { ticked, runs } = useCompare.getState();
    try {
      store ??= RunStore.open();
      const db = await store;
      const saved = await Promise.all(
        summaries
          .filter((s) => ticked.includes(s.id))
          .map(async (s) => fromCheckpoint(s.id, s.name, await db.load(s.id))),
      );
      useCompare.setState({ runs: [...saved, ...runs.filter((r) => r.origin === 'imported')] });
    } catch (e) {
      store = null;
      say('error', `The runs could not be compared: ${(e as Error).message}`);
    }
  },

  /** A command-line run's files onto the chart; bad files are refused with the reason. */
  async importFiles(files: readonly PickedFile[]): Promise<void> {
    const r = await readPickedRun(files);
    if (!r.ok) {
      say('error', `Not imported: ${r.error}. The comparison is unchanged.`);
      return;
    }
    const run = fromRunFiles(`imported-${++imported}`, `${runName(r.value.config)} (imported)`, r.value);
    useCompare.setState(({ runs }) => ({ runs: [...runs, run] }));
    say('info', `Imported “${run.name}”: ${run.curves.episode.length} episodes.`);
  },

  remove(id: string): void {
    useCompare.setState(({ runs, ticked }) => ({
      runs: runs.filter((r) => r.id !== id),
      ticked: ticked.filter((t) => t !== id),
    }));
  },

  close: () => useCompare.setState({ runs: [], ticked: [] }),
};
