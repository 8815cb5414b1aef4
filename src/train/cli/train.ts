/**
 * npm run train -- --preset lab --seed 0 [--max-episodes N] [--engine auto|kernel|tfjs-wasm|tfjs-cpu] [--out DIR] [--json]
 * and any hyperparameter as a flag. Trains like the lab (until solved or out of episodes), then writes
 * the model, the episode history (CSV) and the config.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { flagHelp, parseFlags } from '../../config/cliFlags';
import { PRESETS } from '../../config/presets';
import { validateConfig } from '../../config/validate';
import { historyCsv } from '../history';
import { Trainer } from '../trainer';
import type { EpisodeReport } from '../trainer';
import { engineKind } from '../engines';
import { selectEngine } from './engine';
import { saveModel } from './modelFiles';

const OWN_FLAGS = {
  '--preset': 'value',
  '--engine': 'value',
  '--out': 'value',
  '--json': 'switch',
  '--help': 'switch',
} as const;

const USAGE = `Usage: npm run train -- [--preset lab|fast] [--engine auto|kernel|tfjs-wasm|tfjs-cpu] [--out DIR] [--json] [hyperparameter flags]

--engine: which engine computes the learning update (default auto: the fastest it measures); it changes the
speed, not what is learned.

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
  const checked = validateConfig(flags, preset.config);
  if (!checked.ok) {
    for (const e of checked.errors) console.error(`error: ${e.message}`);
    return 2;
  }
  const config = checked.value;
  const json = other['--json'] === true;
  const out = (other['--out'] as string | undefined) ?? join('runs', `${presetName}-seed${config.seed}`);
  const engine = await selectEngine((other['--engine'] as string | undefined) ?? 'auto', config);

  const history: EpisodeReport[] = [];
  const started = performance.now();
  const tty = process.stderr.isTTY && !json;
  const line = (r: EpisodeReport) =>
    `Episode ${String(r.episode).padStart(5)} | avg of last 100: ${r.avg100.toFixed(2).padStart(8)} | ` +
    `ε ${r.epsilon.toFixed(3)} | ${Math.round(r.stepsPerSecond)} steps/s | ${((performance.now() - started) / 1000).toFixed(0)} s`;
  const trainer = new Trainer(config, {
    engine: engineKind(engine.name),
    listener: {
      onEpisode(r) {
        history.push(r);
        if (tty) process.stderr.write(`\r${line(r)}`);
        if (r.episode % 100 === 0 && !json) console.log(`${tty ? '\r' : ''}${line(r)}`);
      },
      onSolved(s) {
        if (!json)
          console.log(
            `\n\nEnvironment solved in ${s.episode} episodes! (${s.envSteps} steps, ${s.seconds.toFixed(1)} s)`,
          );
      },
    },
  });
  if (!json)
    console.log(`Training ${presetName} (seed ${config.seed}) on ${engine.name} (${engine.reason})…`);
  const solved = trainer.train();
  const seconds = (performance.now() - started) / 1000;
  const last = history.at(-1);

  await mkdir(out, { recursive: true });
  const modelPath = await saveModel(trainer.agent.qNetwork, out, {
    app: 'Lander Lab',
    preset: presetName,
    config,
    episodes: trainer.episodes,
    envSteps: trainer.envSteps,
    avg100: last?.avg100 ?? null,
    solvedAtEpisode: solved?.episode ?? null,
    engine: engine.name,
    date: new Date().toISOString(),
  });
  await writeFile(join(out, 'config.json'), JSON.stringify({ preset: presetName, ...config }, null, 2));
  await writeFile(join(out, 'history.csv'), historyCsv(history));

  const summary = {
    solved: solved !== null,
    episodes: trainer.episodes,
    envSteps: trainer.envSteps,
    updates: trainer.agent.updates,
    seconds: Number(seconds.toFixed(2)),
    avg100: last ? Number(last.avg100.toFixed(2)) : null,
    engine: engine.name,
  };
  if (json) console.log(JSON.stringify(summary));
  else {
    if (tty) process.stderr.write('\n');
    console.log(`${solved ? '' : 'Not solved. '}Total runtime: ${seconds.toFixed(1)} s. Model: ${modelPath}`);
  }
  trainer.dispose();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
