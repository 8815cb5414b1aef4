/**
 * Trains a config on the kernel engine for a number of episodes and prints the returns as JSON: the
 * command-line side of tests/e2e/reproducible.test.ts, run as its own process so that another Node (24, the
 * current LTS) can be held to the same bits as the one running the tests.
 *
 *   node --import tsx tests/e2e/kernelReturns.ts '<config json>' <episodes>
 */
import * as tf from '@tensorflow/tfjs';
import { loadKernelFromDisk } from '../../src/agent/engines/kernel/nodeKernel';
import type { Config } from '../../src/config/hyperparameters';
import { Trainer } from '../../src/train/loop/trainer';

const [configJson, episodes] = process.argv.slice(2);
tf.env().set('PROD', true);
await tf.setBackend('cpu');
await loadKernelFromDisk();
const trainer = new Trainer(JSON.parse(configJson) as Config, { engine: 'kernel' });
trainer.runEpisodes(Number(episodes));
process.stdout.write(JSON.stringify({ node: process.version, returns: trainer.returns }));
trainer.dispose();
