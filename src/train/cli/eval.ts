/**
 * npm run eval -- --model DIR/model.json|FILE.h5|FILE.keras [--episodes 100] [--seed S] [--backend wasm|cpu]
 * [--json]
 * Flies the saved Q-network's greedy policy (TensorFlow.js Layers files, a Keras .h5 or .keras), episode
 * k from seed S + k, on the moon of its metadata's env settings, and reports the return's mean, sample
 * standard deviation and 95% confidence interval of the mean, the landing rate and how many episodes ended
 * each way; `--json` also lists each episode's seed, return and outcome. The default seeds (10,000 on) are
 * not the periodic evaluations' (2^31 + 64 on), which chose the best model and so would flatter it.
 */
import { PlainForward } from '../../agent/qNetwork';
import { parseFlags } from '../../config/cliFlags';
import { validateConfig } from '../../config/validate';
import { LunarLander } from '../../env/lunarLander';
import { envOptions, flyGreedy } from '../loop/evaluation';
import { describeSample } from '../loop/stats';
import { selectBackend } from './backend';
import { loadModel } from './modelFiles';

const OWN_FLAGS = {
  '--model': 'value',
  '--episodes': 'value',
  '--seed': 'value',
  '--backend': 'value',
  '--json': 'switch',
} as const;

function positiveInt(name: string, text: string | undefined, fallback: number, min: number): number {
  if (text === undefined) return fallback;
  const v = Number(text);
  if (!Number.isSafeInteger(v) || v < min)
    throw new Error(`${name} must be an integer ≥ ${min}; got “${text}”`);
  return v;
}

async function main(argv: string[]): Promise<number> {
  // Only the program's own flags are allowed here; hyperparameter flags would be an error.
  const parsed = parseFlags(argv, OWN_FLAGS);
  if (!parsed.ok || Object.keys(parsed.value.config).length > 0) {
    const errors = parsed.ok ? [{ message: 'eval takes no hyperparameters' }] : parsed.errors;
    for (const e of errors) console.error(`error: ${e.message}`);
    console.error(
      'Usage: npm run eval -- --model DIR/model.json|FILE.h5|FILE.keras [--episodes 100] [--seed S] [--json]',
    );
    return 2;
  }
  const o = parsed.value.other;
  if (typeof o['--model'] !== 'string') {
    console.error('error: --model DIR/model.json (or a Keras FILE.h5 or FILE.keras) is required');
    return 2;
  }
  const episodes = positiveInt('--episodes', o['--episodes'] as string | undefined, 100, 1);
  const seed = positiveInt('--seed', o['--seed'] as string | undefined, 10_000, 0);
  await selectBackend((o['--backend'] as string | undefined) ?? 'wasm');

  const { model, metadata } = await loadModel(o['--model'], { inputs: 8, actions: 4 });
  const policy = new PlainForward({
    inputs: 8,
    hidden1: model.layers[0].getWeights()[0].shape[1]!,
    hidden2: model.layers[1].getWeights()[0].shape[1]!,
    actions: 4,
  });
  policy.load(model);
  if (!o['--json'] && typeof metadata.preset === 'string') {
    const which = metadata.which === 'best' ? ' (the best evaluation of its run)' : '';
    console.log(`Model: ${metadata.preset} preset, ${metadata.episodes} episodes of training${which}`);
  }

  // The moon it was trained for: the env settings in its metadata, when they are valid ones.
  const trained = validateConfig(metadata.config ?? {});
  const options = trained.ok ? envOptions(trained.value) : {};
  // One flight per episode (each from its own seed, as one flight of all of them flies it) to tell
  // which way each ended.
  const env = new LunarLander(options);
  const flown = {
    returns: [] as number[],
    outcomes: { landed: 0, crashed: 0, out_of_bounds: 0, time_limit: 0 },
  };
  const perEpisode: { seed: number; return: number; outcome: string }[] = [];
  for (let k = 0; k < episodes; k++) {
    const one = flyGreedy((x) => policy.forward(x), env, 1, seed + k);
    const outcome = (Object.keys(one.outcomes) as (keyof typeof one.outcomes)[]).find(
      (o) => one.outcomes[o],
    )!;
    flown.returns.push(one.returns[0]);
    flown.outcomes[outcome]++;
    perEpisode.push({ seed: seed + k, return: one.returns[0], outcome });
  }
  const stats = describeSample(flown.returns);
  const round = (x: number) => Number(x.toFixed(2));
  const summary = {
    episodes,
    seeds: [seed, seed + episodes - 1],
    meanReturn: round(stats.mean),
    stdReturn: round(stats.std),
    ci95: stats.ci95 ? stats.ci95.map(round) : null,
    minReturn: round(Math.min(...flown.returns)),
    landingRate: flown.outcomes.landed / episodes,
    outcomes: flown.outcomes,
  };
  if (o['--json']) console.log(JSON.stringify({ ...summary, perEpisode }));
  else {
    const ci = summary.ci95 ? `, 95% CI of the mean ${summary.ci95[0]} to ${summary.ci95[1]}` : '';
    console.log(`Greedy policy over ${episodes} episodes (seeds ${seed}–${seed + episodes - 1}):`);
    console.log(
      `  return ${summary.meanReturn} ± ${summary.stdReturn} (sample std${ci}; min ${summary.minReturn})`,
    );
    console.log(
      `  landed ${flown.outcomes.landed} of ${episodes} (${(100 * summary.landingRate).toFixed(0)}%); ` +
        `crashed ${flown.outcomes.crashed}, out of bounds ${flown.outcomes.out_of_bounds}, ` +
        `time limit ${flown.outcomes.time_limit}`,
    );
  }
  model.dispose();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`error: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
