/**
 * The Mars-rover lesson's state on the page: the problem as set, the exact table the lesson worker sent,
 * and the DQN's progress. The worker computes; this keeps what it said.
 */
import * as Comlink from 'comlink';
import { create } from 'zustand';
import { COURSE_ROVER } from './marsRover';
import type { RoverProblem, RoverTable } from './bellmanTable';
import type { LessonProgress, LessonSettings } from './lesson';
import type { LessonWorkerApi } from './lessonWorker';

interface LessonState {
  problem: RoverProblem;
  /** Sweeps of the Bellman equation shown; null: iterated to convergence. */
  sweeps: number | null;
  table: RoverTable | null;
  settings: LessonSettings;
  learning: LessonProgress | null;
  /** The DQN's furthest distance from the exact table as it learned: [updates, worst error] pairs. */
  errors: [number, number][];
  /** The problem the DQN learns (the table it is compared with). */
  learned: RoverProblem | null;
  error: string | null;
}

export const useLesson = create<LessonState>(() => ({
  problem: { ...COURSE_ROVER, gamma: 0.5 },
  sweeps: null,
  table: null,
  settings: { epsilon: 1, learningRate: 2e-3 },
  learning: null,
  errors: [],
  learned: null,
  error: null,
}));

/** Points kept of the error curve (ten a second: the last minute and a half). */
const MAX_POINTS = 900;

let remote: Comlink.Remote<LessonWorkerApi> | null = null;
function api(): Comlink.Remote<LessonWorkerApi> {
  if (!remote) {
    const worker = new Worker(new URL('./lessonWorker.ts', import.meta.url), { type: 'module' });
    remote = Comlink.wrap<LessonWorkerApi>(worker);
  }
  return remote;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** Answers can come back out of order while a slider is dragged: only the latest request's counts. */
let request = 0;

async function refresh(): Promise<void> {
  const { problem, sweeps } = useLesson.getState();
  const mine = ++request;
  try {
    const table = await api().table(problem, sweeps ?? undefined);
    if (mine === request) useLesson.setState({ table, error: null });
  } catch (e) {
    if (mine === request) useLesson.setState({ error: errorText(e) });
  }
}

export const lessonActions = {
  refresh,
  /** A changed γ, misstep or end reward: a new exact table; a DQN learning the old problem stops. */
  setProblem(patch: Partial<RoverProblem>): void {
    const { learning } = useLesson.getState();
    if (learning?.running) void api().stop();
    useLesson.setState((s) => ({ problem: { ...s.problem, ...patch } }));
    void refresh();
  },
  /** One more sweep from the table shown (from zero when it had converged). */
  sweep(): void {
    useLesson.setState((s) => ({ sweeps: s.sweeps === null ? 1 : s.sweeps + 1 }));
    void refresh();
  },
  fromZero(): void {
    useLesson.setState({ sweeps: 0 });
    void refresh();
  },
  converge(): void {
    useLesson.setState({ sweeps: null });
    void refresh();
  },
  async learn(): Promise<void> {
    const { problem, settings } = useLesson.getState();
    useLesson.setState({ learned: problem, learning: null, errors: [], error: null });
    try {
      await api().learn(
        problem,
        settings,
        Comlink.proxy((p: LessonProgress) =>
          useLesson.setState((s) => ({
            learning: p,
            errors: [...s.errors.slice(-MAX_POINTS + 1), [p.updates, p.worstError]],
          })),
        ),
      );
    } catch (e) {
      useLesson.setState({ error: `The DQN could not start: ${errorText(e)}`, learned: null });
    }
  },
  stop: () => void api().stop(),
  async setSettings(patch: Partial<LessonSettings>): Promise<void> {
    useLesson.setState((s) => ({ settings: { ...s.settings, ...patch } }));
    try {
      await api().patch(patch);
    } catch (e) {
      useLesson.setState({ error: errorText(e) });
    }
  },
};
