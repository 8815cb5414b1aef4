/**
 * npm run train -- --preset lab --seed 0 [--max-episodes N] [--stop-when solved|proven|budget] [--engine NAME]
 * [--init MODEL] [--out DIR] [--json] and any hyperparameter as a flag. Trains like the lab, until what
 * `stopWhen` says (proven by default: solved, and a best model whose confirmation clears the bar) or out of
 * episodes, evaluating the greedy policy every evalEvery episodes (confirming each candidate for the best
 * model) and once more at the end, then writes the latest model, the best's in best/ (each also as
 * model.onnx and as the Keras file model.h5), the episode history and the evaluations with their
 * confirmations (CSV), the config and a summary with when it was solved and proven. `--init` starts both
 * networks from a saved model (model.json, a Keras .h5 or .keras) instead of fresh weights, with its layer
 * sizes and, unless --epsilon-start is given, ε starting at its minimum, as the page's “continue training”
 * does.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { flatWeights } from '../../agent/qNetwork';
import { flagHelp, parseFlags } from '../../config/cliFlags';
import { PRESETS } from '../../config/presets';
import { validateConfig } from '../../config/validate';
import type { EvaluationReport, GreedyReport } from '../loop/evaluation';
import { evaluationsCsv, historyCsv } from '../runs/history';
import { trainerNetwork } from '../runs/exportedNetwork';
import { trainerModelFiles } from '../runs/modelExport';
import { Evaluator } from '../loop/evaluator';
import { Trainer } from '../loop/trainer';
import type { EpisodeReport, SolvedReport } from '../loop/reports';
import { selectBackend } from './backend';
import { selectEngine } from './engine';
import { ENGINE_FLAG_VALUES, ENGINE_HELP } from './nodeEngines';
import { loadQNetwork, saveModelFiles, saveOnnx, WEIGHTS_FILE } from './modelFiles';
import { EVALUATION_MODES, nodeEvaluations } from './threadEvaluations';
import type { EvaluationMode } from './threadEvaluations';

const OWN_FLAGS = {
  '--preset': 'value',
  '--engine': 'value',
  '--out': 'value',
  '--init': 'value',
  '--evaluation': 'value',
  '--json': 'switch',
  '--help': 'switch',
} as const;

const USAGE = `Usage: npm run train -- [--preset lab|fast|rainbow-lite] [--engine ${ENGINE_FLAG_VALUES}] [--evaluation auto|threaded|in-line] [--init MODEL] [--out DIR] [--json] [hyperparameter flags]

--init: start from a saved model (DIR/model.json, a Keras FILE.h5 or FILE.keras) instead of fresh weights: its layer
sizes are used, and ε starts at its minimum unless --epsilon-start is given.

--evaluation: where the greedy evaluations run: threaded (a thread of their own, beside training), in-line (training
waits for each), or auto (threaded with two cores or more). Not a hyperparameter: it changes the speed, never the
evaluations, the best model or when the run stops.

--engine: which engine computes the learning update; it changes the speed, not what is learned.
${ENGINE_HELP}

Hyperparameters (the preset's values unless given):
${flagHelp()}`;

async function main(argv: string[]): Promise<number> {
  const parsed = parseFlags(argv, OWN_FLAGS);
  if (!parsed.ok) {
    for (const e of parsed.errors) console.error(`error: ${e.message}`);
    console.error('\nnpm run train -- --help lists every flag and its range.');
    return 2;
  }
  const { config: flags, other } = parsed.value;
  if (other['--help']) {
    console.log(USAGE);
    return 0;
  }
  const presetName = (other['--preset'] as string | undefined) ?? 'lab';
  if (!(presetName in PRESETS)) {
    console.error(`error: --preset must be one of ${Object.keys(PRESETS).join(', ')}; got “${presetName}”`);
    return 2;
  }
  const preset = PRESETS[presetName as keyof typeof PRESETS];
  const initPath = other['--init'] as string | undefined;
  const init = initPath ? await initialModel(initPath) : null;
  if (init) {
    for (const key of ['hidden1', 'hidden2'] as const) {
      if (flags[key] !== undefined && flags[key] !== init.shape[key]) {
        console.error(
          `error: --${key} ${flags[key]} differs from the ${init.shape.hidden1}-${init.shape.hidden2} network of ${basename(initPath!)}`,
        );
        return 2;
      }
    }
    flags.hidden1 = init.shape.hidden1;
    flags.hidden2 = init.shape.hidden2;
    flags.epsilonStart ??= flags.epsilonMin ?? preset.config.epsilonMin;
  }
  const checked = validateConfig(flags, preset.config);
  if (!checked.ok) {
    for (const e of checked.errors) console.error(`error: ${e.message}`);
    return 2;
  }
  const config = checked.value;
  const json = other['--json'] === true;
  const out = (other['--out'] as string | undefined) ?? join('runs', `${presetName}-seed${config.seed}`);
  const engine = await selectEngine((other['--engine'] as string | undefined) ?? 'auto', config);
  const evaluationMode = (other['--evaluation'] as string | undefined) ?? 'auto';
  if (!EVALUATION_MODES.includes(evaluationMode as EvaluationMode)) {
    console.error(
      `error: --evaluation must be one of ${EVALUATION_MODES.join(', ')}; got “${evaluationMode}”`,
    );
    return 2;
  }

  const history: EpisodeReport[] = [];
  const started = performance.now();
  const tty = process.stderr.isTTY && !json;
  const line = (r: EpisodeReport) =>
    `Episode ${String(r.episode).padStart(5)} | avg of last 100: ${r.avg100.toFixed(2).padStart(8)} | ` +
    `ε ${r.epsilon.toFixed(3)} | ${Math.round(r.stepsPerSecond)} steps/s | ${((performance.now() - started) / 1000).toFixed(0)} s`;
  const trainer = new Trainer(config, {
    engine: engine.name,
    evaluator: new Evaluator(nodeEvaluations(evaluationMode as EvaluationMode)),
    listener: {
      onEpisode(r) {
        history.push(r);
        if (tty) process.stderr.write(`\r${line(r)}`);
        if (r.episode % 100 === 0 && !json) console.log(`${tty ? '\r' : ''}${line(r)}`);
      },
      onEvaluation(e) {
        if (!json) console.log(`${tty ? '\r' : ''}${evaluationLine(e)}`);
      },
      onSolved(s) {
        if (!json)
          console.log(
            `\n\nEnvironment solved in ${s.episode} episodes! (${s.envSteps} steps, ${s.seconds.toFixed(1)} s)`,
          );
      },
      onProven(p) {
        if (!json)
          console.log(
            `${tty ? '\r' : ''}Proven at episode ${p.episode} (${p.envSteps} steps, ${p.seconds.toFixed(1)} s): ` +
              `the model of episode ${p.confirmation.episode} ${landsOn(p.confirmation)}`,
          );
      },
    },
  });
  if (init) trainer.agent.setFlatWeights(init.weights);
  if (!json)
    console.log(
      `Training ${presetName} (seed ${config.seed}) on ${engine.name} (${engine.reason}), evaluations ` +
        `${trainer.evaluationMode}…`,
    );
  if (init && !json) {
    console.log(
      `Starting from ${basename(initPath!)} (${config.hidden1}-${config.hidden2} network); ε starts at ` +
        `${config.epsilonStart} and the replay memory empty.`,
    );
  }
  const solved = trainer.train();
  // The final weights are judged too, so that the best model can be the last one.
  if (config.evalEvery > 0 && trainer.evaluations.at(-1)?.episode !== trainer.episodes) trainer.evaluate();
  const seconds = (performance.now() - started) / 1000;
  const last = history.at(-1);

  await mkdir(out, { recursive: true });
  const extra = {
    preset: presetName,
    solvedAtEpisode: solved?.episode ?? null,
    provenAtEpisode: trainer.proven?.episode ?? null,
    engine: engine.name,
    ...(initPath ? { init: basename(initPath) } : {}),
  };
  const modelPath = await saveModelFiles(
    await trainerModelFiles(trainer, 'latest', WEIGHTS_FILE, extra),
    out,
  );
  const best = trainer.best;
  const bestPath = best
    ? await saveModelFiles(await trainerModelFiles(trainer, 'best', WEIGHTS_FILE, extra), join(out, 'best'))
    : null;
  await saveOnnx(trainerNetwork(trainer, 'latest'), out, extra);
  if (best) await saveOnnx(trainerNetwork(trainer, 'best'), join(out, 'best'), extra);
  await writeFile(join(out, 'config.json'), JSON.stringify({ preset: presetName, ...config }, null, 2));
  await writeFile(join(out, 'history.csv'), historyCsv(history));
  await writeFile(join(out, 'evaluations.csv'), evaluationsCsv(trainer.evaluations));

  const confirmed = best?.report.confirmation;
  const summary = {
    solved: milestone(solved),
    proven: milestone(trainer.proven),
    stopWhen: config.stopWhen,
    episodes: trainer.episodes,
    envSteps: trainer.envSteps,
    updates: trainer.agent.updates,
    seconds: Number(seconds.toFixed(2)),
    avg100: last ? Number(last.avg100.toFixed(2)) : null,
    engine: engine.name,
    evaluation: trainer.evaluationMode,
    best: best
      ? {
          episode: best.report.episode,
          evalMean: Number(best.report.mean.toFixed(2)),
          landingRate: best.report.landingRate,
          ...(confirmed
            ? {
                confirmEpisodes: confirmed.episodes,
                confirmMean: Number(confirmed.mean.toFixed(2)),
                confirmStd: Number(confirmed.std.toFixed(2)),
                confirmLandingRate: confirmed.landingRate,
              }
            : {}),
          model: bestPath,
        }
      : null,
  };
  await writeFile(join(out, 'summary.json'), JSON.stringify(summary, null, 2));
  if (json) console.log(JSON.stringify(summary));
  else {
    if (tty) process.stderr.write('\n');
    const unmet = `${solved ? '' : 'Not solved. '}${trainer.proven ? '' : 'Not proven. '}`;
    console.log(`${unmet}Total runtime: ${seconds.toFixed(1)} s. Model: ${modelPath}`);
    if (best) {
      const confirmation = confirmed ? `; confirmed: it ${landsOn(confirmed)}` : '';
      console.log(
        `Best model: greedy mean ${best.report.mean.toFixed(1)} at episode ${best.report.episode}${confirmation}. ` +
          `Model: ${bestPath}`,
      );
    }
  }
  trainer.dispose();
  return 0;
}

/** The weights and layer sizes of the model `--init` names; no tensor outlives the call. */
async function initialModel(path: string) {
  // Reading a model builds it in TensorFlow.js: on the cpu backend, until the engine chooses its own.
  await selectBackend('cpu');
  const { model, shape } = await loadQNetwork(path, { inputs: 8, actions: 4 });
  try {
    return { shape, weights: flatWeights(model) };
  } finally {
    model.dispose();
  }
}

function evaluationLine(e: EvaluationReport): string {
  const c = e.confirmation;
  return (
    `Evaluation after episode ${e.episode}: greedy mean ${e.mean.toFixed(1)} ± ${e.std.toFixed(1)} over ` +
    `${e.episodes} episodes, ${e.outcomes.landed} landed${c ? `; confirmed: ${landsOn(c)}` : ''}`
  );
}

/** "lands 97 of 100 unseen moons, mean 241 ± 23" */
function landsOn(c: GreedyReport): string {
  return `lands ${c.outcomes.landed} of ${c.episodes} unseen moons, mean ${c.mean.toFixed(0)} ± ${c.std.toFixed(0)}`;
}

/** When a milestone was reached, for summary.json; null if it was not. */
function milestone(r: SolvedReport | null) {
  return r ? { episode: r.episode, envSteps: r.envSteps, seconds: Number(r.seconds.toFixed(2)) } : null;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
