/**
 * The page's sweep plan: the trials of one or two hyperparameters' values and/or seeds over the settings
 * being edited — the same grid parsing and trial list as `npm run sweep`, so a bad entry is refused
 * with the same message, before any worker starts.
 */
import { changedFrom } from '../../config/differences';
import type { Config } from '../../config/hyperparameters';
import { PRESETS } from '../../config/presets';
import type { FieldError, Result } from '../../config/validate';
import { parseGrid, parseSeeds } from './grid';
import { planTrials } from './plan';

export interface PageTrial {
  index: number;
  /** What sets the trial apart within the sweep ("gamma-0.98_seed-1"). */
  label: string;
  config: Config;
}

/** Most trials a page sweep takes: each is a worker and a saved run. */
export const MAX_PAGE_TRIALS = 64;

/** `grid`: entries like "gamma=0.98,0.99" (blank ones ignored); `seeds`: "0-3" or blank. */
export function planPageSweep(base: Config, grid: readonly string[], seeds: string): Result<PageTrial[]> {
  const entries = grid.map((g) => g.trim()).filter((g) => g !== '');
  const axes = parseGrid(entries);
  const seedList = seeds.trim() ? parseSeeds(seeds) : null;
  if (!axes.ok || (seedList && !seedList.ok)) {
    const errors: FieldError[] = [
      ...(axes.ok ? [] : axes.errors),
      ...(seedList?.ok === false ? seedList.errors : []),
    ];
    return { ok: false, errors };
  }
  if (axes.value.length === 0 && !seedList)
    return {
      ok: false,
      errors: [{ key: 'grid', message: 'a sweep needs values of a hyperparameter, or seeds' }],
    };
  const swept = axes.value.map((a) => a.key);
  if (seedList) swept.push('seed');
  // The trials keep every edited setting except the swept ones, which the grid sets.
  const flags = Object.fromEntries(
    changedFrom(base, PRESETS.lab.config, swept).map((k) => [k, base[k]]),
  ) as Partial<Config>;
  const plan = planTrials(
    { preset: 'lab', flags, axes: axes.value, seeds: seedList ? seedList.value : null, passThrough: [] },
    'page',
  );
  if (!plan.ok) return plan;
  if (plan.value.length > MAX_PAGE_TRIALS) {
    const message = `the sweep has ${plan.value.length} trials; the page runs at most ${MAX_PAGE_TRIALS} (the command line has no such limit)`;
    return { ok: false, errors: [{ key: 'grid', message }] };
  }
  return { ok: true, value: plan.value.map((t) => ({ index: t.index, label: t.name, config: t.config })) };
}
