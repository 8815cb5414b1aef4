/**
 * What greedy evaluation costs training's wall time, in Node on the kernel as `npm run train` runs it: the
 * time to train N episodes with evaluation threaded (a worker_threads thread beside training), in line
 * (training waits for each result) and off (evalEvery 0), the three interleaved round by round in one
 * process, so that a machine slowing down or speeding up weighs on all alike. Every mode trains the same
 * episodes (one seed; evaluation never touches training), so the differences are evaluation alone. It
 * also says how long training waited for due results, and checks that both modes gave the same evaluations.
 * A fourth mode, beside, trains with evaluation off while the evaluation thread flies greedy episodes
 * nonstop: what sharing the machine with a busy second thread costs training, with no waiting at all —
 * the floor under threaded evaluation's cost on this machine.
 *
 *   npm run bench:eval-cost -- [--episodes 300] [--rounds 3] [--preset lab] [--seed 0] [--json]
 */
import { loadKernelFromDisk } from '../src/agent/engines/kernel/nodeKernel';
import type { Config } from '../src/config/hyperparameters';
import { PRESETS } from '../src/config/presets';
import { nodeEvaluations } from '../src/train/cli/threadEvaluations';
import type { EvaluationRunner } from '../src/train/loop/evaluationRunner';
import { envOptions } from '../src/train/loop/evaluation';
import { Evaluator } from '../src/train/loop/evaluator';
import { Trainer } from '../src/train/loop/trainer';

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(name);
  return at > 0 ? process.argv[at + 1] : fallback;
};
const json = process.argv.includes('--json');
const EPISODES = Number(arg('--episodes', '300'));
const ROUNDS = Number(arg('--rounds', '3'));
const SEED = Number(arg('--seed', '0'));
const preset = arg('--preset', 'lab') as keyof typeof PRESETS;
if (!(preset in PRESETS)) throw new Error(`--preset: no preset “${preset}”`);
if (!(EPISODES > 0 && ROUNDS > 0)) throw new Error('--episodes and --rounds must be positive');

await loadKernelFromDisk();

/** A runner that also counts the time the trainer spent waiting on it. */
function timed(runner: EvaluationRunner): EvaluationRunner & { waitedMs: number } {
  const t = {
    waitedMs: 0,
    get mode() {
      return runner.mode;
    },
    submit: runner.submit.bind(runner),
    poll: runner.poll.bind(runner),
    wait(id: number): void {
      const t0 = performance.now();
      runner.wait!(id);
      t.waitedMs += performance.now() - t0;
    },
    confirming: runner.confirming.bind(runner),
    progress: runner.progress.bind(runner),
    clear: runner.clear.bind(runner),
    dispose: runner.dispose.bind(runner),
  };
  return t;
}

type Mode = 'off' | 'threaded' | 'in-line' | 'beside';
const MODES: Mode[] = ['off', 'threaded', 'in-line', 'beside'];

/** A thread flying greedy episodes of `trainer`'s first weights until disposed (more than any run needs). */
function busyThread(trainer: Trainer, config: Config): EvaluationRunner {
  const thread = nodeEvaluations('threaded');
  thread.submit(1, {
    episode: 0,
    weights: trainer.agent.weights('online'),
    shape: trainer.agent.shape,
    env: envOptions(config),
    evalEpisodes: 1_000_000,
    confirmEpisodes: 1,
    best: null,
  });
  return thread;
}

function run(mode: Mode) {
  const config = {
    ...PRESETS[preset].config,
    seed: SEED,
    maxEpisodes: EPISODES,
    stopWhen: 'budget' as const,
    ...(mode === 'off' || mode === 'beside' ? { evalEvery: 0 } : {}),
  };
  const runner = mode === 'off' || mode === 'beside' ? null : timed(nodeEvaluations(mode));
  const t0 = performance.now();
  const trainer = new Trainer(config, {
    engine: 'kernel',
    evaluator: runner ? new Evaluator(runner) : null,
  });
  const busy = mode === 'beside' ? busyThread(trainer, config) : null;
  trainer.train();
  const seconds = (performance.now() - t0) / 1000;
  busy?.dispose();
  const result = {
    seconds,
    waited: (runner?.waitedMs ?? 0) / 1000,
    ran: runner?.mode ?? 'off',
    evaluations: JSON.stringify(trainer.evaluations),
    confirmations: trainer.evaluations.filter((e) => e.confirmation).length,
    count: trainer.evaluations.length,
  };
  trainer.dispose();
  return result;
}

const rounds: Record<Mode, ReturnType<typeof run>>[] = [];
for (let i = 0; i < ROUNDS; i++) {
  // Each round in another order, so that no mode always runs first.
  const order = MODES.map((_, k) => MODES[(k + i) % MODES.length]);
  const r = {} as Record<Mode, ReturnType<typeof run>>;
  for (const mode of order) r[mode] = run(mode);
  if (r.threaded.evaluations !== r['in-line'].evaluations) {
    throw new Error('threaded and in-line evaluations differ: they must not');
  }
  if (r.threaded.ran !== 'threaded') throw new Error(`the thread did not run: ${r.threaded.ran}`);
  rounds.push(r);
  if (!json) {
    const cost = (m: Mode) => (100 * (r[m].seconds / r.off.seconds - 1)).toFixed(1);
    console.log(
      `round ${i + 1}: ${EPISODES} episodes of ${preset} seed ${SEED}: off ${r.off.seconds.toFixed(2)} s; ` +
        `threaded ${r.threaded.seconds.toFixed(2)} s (${cost('threaded')}%, waited ${r.threaded.waited.toFixed(2)} s); ` +
        `in line ${r['in-line'].seconds.toFixed(2)} s (${cost('in-line')}%); ` +
        `beside a busy thread ${r.beside.seconds.toFixed(2)} s (${cost('beside')}%); ` +
        `${r.threaded.count} evaluations, ${r.threaded.confirmations} confirmed, the same in both`,
    );
  }
}
const total = (m: Mode) => rounds.reduce((a, r) => a + r[m].seconds, 0);
const summary = {
  preset,
  seed: SEED,
  episodes: EPISODES,
  rounds: rounds.map((r) =>
    Object.fromEntries(MODES.map((m) => [m, { seconds: r[m].seconds, waited: r[m].waited }])),
  ),
  cost: {
    threaded: total('threaded') / total('off') - 1,
    inLine: total('in-line') / total('off') - 1,
    beside: total('beside') / total('off') - 1,
  },
};
if (json) console.log(JSON.stringify(summary));
else
  console.log(
    `all rounds: off ${total('off').toFixed(2)} s; threaded ${total('threaded').toFixed(2)} s: cost ` +
      `${(100 * summary.cost.threaded).toFixed(1)}%; in line ${total('in-line').toFixed(2)} s: cost ` +
      `${(100 * summary.cost.inLine).toFixed(1)}%; beside a busy thread ${total('beside').toFixed(2)} s: ` +
      `cost ${(100 * summary.cost.beside).toFixed(1)}%`,
  );
