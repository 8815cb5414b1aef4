/**
 * The page's evaluation thread: a second module Web Worker, started by the training worker
 * (workerEvaluations.ts), that flies the evaluation jobs it is sent, in order, while training goes on.
 */
import { flyInThread } from '../loop/threadedEvaluations';
import type { JobMessage, ThreadMessage } from '../loop/threadedEvaluations';

const send = (message: ThreadMessage) => postMessage(message);
addEventListener('message', (e: MessageEvent<JobMessage>) => flyInThread(e.data, send));
send({ kind: 'ready' });
