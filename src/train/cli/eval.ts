/**
 * npm run eval -- --model DIR/model.json [--episodes 100] [--seed S] [--backend wasm|cpu] [--json]
 * Flies the saved Q-network's greedy policy and reports the return's mean and spread and the landing rate.
 */
import { argmax, PlainForward } from '../../agent/qNetwork';
import { parseFlags } from '../../config/cliFlags';
import { LunarLander } from '../../env/lunarLander';
import type { DiscreteAction } from '../../env/types';
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
    console.error('Usage: npm run eval -- --model DIR/model.json [--episodes 100] [--seed S] [--json]');
    return 2;
  }
  const o = parsed.value.other;
  if (typeof o['--model'] !== 'string') {
    console.error('error: --model DIR/model.json is required');
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
    console.log(`Model: ${metadata.preset} preset, ${metadata.episodes} episodes of training`);
  }

  const env = new LunarLander();
  const returns: number[] = [];
  let landed = 0;
  for (let e = 0; e < episodes; e++) {
    let obs = env.reset(seed + e).observation;
    let total = 0;
    for (;;) {
      const r = env.step(argmax(policy.forward(obs)) as DiscreteAction);
      total += r.reward;
      obs = r.observation;
      if (r.terminated || r.truncated) {
        if (r.info.outcome === 'landed') landed++;
        break;
      }
    }
    returns.push(total);
  }
  const mean = returns.reduce((a, b) => a + b, 0) / episodes;
  const std = Math.sqrt(returns.reduce((a, b) => a + (b - mean) ** 2, 0) / episodes);
  const summary = {
    episodes,
    meanReturn: Number(mean.toFixed(2)),
    stdReturn: Number(std.toFixed(2)),
    minReturn: Number(Math.min(...returns).toFixed(2)),
    landingRate: landed / episodes,
  };
  if (o['--json']) console.log(JSON.stringify(summary));
  else {
    console.log(`Greedy policy over ${episodes} episodes (seeds ${seed}–${seed + episodes - 1}):`);
    console.log(`  return ${summary.meanReturn} ± ${summary.stdReturn} (min ${summary.minReturn})`);
    console.log(`  landed ${landed} of ${episodes} (${(100 * summary.landingRate).toFixed(0)}%)`);
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
