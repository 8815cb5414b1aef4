/**
 * The Mars-rover lesson's worker: the exact table by value iteration at once, and on request a small DQN
 * learning the same problem. Its own worker, so that the lesson never shares a thread or a TensorFlow.js
 * backend with a training run; TensorFlow.js loads only when the DQN is asked for.
 */
import * as Comlink from 'comlink';
import { roverTable } from './bellmanTable';
import type { RoverProblem, RoverTable } from './bellmanTable';
import type { LessonProgress, LessonSettings, RoverLesson } from './lesson';

const channel = new MessageChannel();
const immediate: (() => void)[] = [];
channel.port1.onmessage = () => immediate.shift()?.();

let lesson: RoverLesson | null = null;

const api = {
  /** Q after `sweeps` sweeps of the Bellman equation from 0, or converged when omitted. */
  table: (problem: RoverProblem, sweeps?: number): RoverTable => roverTable(problem, sweeps),

  /** Starts a fresh DQN on `problem`; progress goes to `onProgress` a few times a second. */
  async learn(
    problem: RoverProblem,
    settings: LessonSettings,
    onProgress: (p: LessonProgress) => void,
  ): Promise<void> {
    const [tf, { RoverLesson }] = await Promise.all([import('@tensorflow/tfjs'), import('./lesson')]);
    tf.env().set('PROD', true);
    // A 6-32-32-2 network is too small for a GPU to help; the plain backend needs no set-up.
    await tf.setBackend('cpu');
    lesson?.dispose();
    lesson = new RoverLesson(problem, settings, {
      now: () => performance.now(),
      schedule: (task, delayMs) => {
        if (delayMs > 0) setTimeout(task, delayMs);
        else {
          immediate.push(task);
          channel.port2.postMessage(null);
        }
      },
      emit: onProgress,
    });
    lesson.start();
  },
  patch: (settings: Partial<LessonSettings>) => lesson?.patch(settings),
  stop: () => lesson?.stop(),
};

export type LessonWorkerApi = typeof api;
Comlink.expose(api);
