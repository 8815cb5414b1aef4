/**
 * The evaluation thread in Node (a worker_threads worker, started by threadEvaluations.ts): it flies the
 * jobs it is sent, in order, posts what it flew on the port it was given, and bumps a shared counter so
 * that a trainer blocked waiting for a result wakes (the trainer's loop is synchronous: it reads the port
 * with receiveMessageOnPort, without an event loop).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import { flyInThread } from '../loop/threadedEvaluations';
import type { JobMessage, ThreadMessage } from '../loop/threadedEvaluations';

const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };

function send(message: ThreadMessage): void {
  port.postMessage(message);
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

parentPort!.on('message', (message: JobMessage) => flyInThread(message, send));
send({ kind: 'ready' });
