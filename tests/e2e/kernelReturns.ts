/**
 * Trains a config on the kernel engine for a number of episodes and prints the returns and the evaluations
 * (as the evaluations CSV) as JSON: the command-line side of tests/e2e/reproducible.test.ts, run as its own
 * process so that another Node (24, the current LTS) can be held to the same bits as the one running the
 * tests. Evaluations run on a worker_threads thread, as `npm run train` runs them.
 *
 *   node --import tsx tests/e2e/kernelReturns.ts '<config json>' <episodes>
 */
import * as tf from '@tensorflow/tfjs';
import { loadKernelFromDisk } from '../../src/agent/engines/kernel/nodeKernel';
import type { Config } from '../../src/config/hyperparameters';
import { ThreadEvaluations } from '../../src/train/cli/threadEvaluations';
import { Evaluator } from '../../src/train/loop/evaluator';
import { Trainer } from '../../src/train/loop/trainer';
import { evaluationsCsv } from '../../src/train/runs/history';

const [configJson, episodes] = process.argv.slice(2);
tf.env().set('PROD', true);
await tf.setBackend('cpu');
await loadKernelFromDisk();
const trainer = new Trainer(JSON.parse(configJson) as Config, {
  engine: 'kernel',
  evaluator: new Evaluator(new ThreadEvaluations()),
});
trainer.runEpisodes(Number(episodes));
process.stdout.write(
  JSON.stringify({
    node: process.version,
    returns: trainer.returns,
    evaluations: evaluationsCsv(trainer.evaluations),
  }),
);
trainer.dispose();
