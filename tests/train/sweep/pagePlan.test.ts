/** The page's sweep plan: the edited settings with only the swept ones changed, refused like the CLI's grid. */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src/config/presets';
import { MAX_PAGE_TRIALS, planPageSweep } from '../../../src/train/sweep/pagePlan';

const messages = (r: ReturnType<typeof planPageSweep>) => (r.ok ? [] : r.errors.map((e) => e.message));

describe('page sweep plan', () => {
  const edited = { ...PRESETS.fast.config, gamma: 0.9, seed: 7, maxEpisodes: 50 };

  it('keeps every edited setting but the swept ones, values × seeds', () => {
    const r = planPageSweep(edited, ['gamma=0.98,0.99', ''], '0-1');
    if (!r.ok) throw new Error(messages(r).join());
    expect(r.value.map((t) => t.label)).toEqual([
      'gamma-0.98_seed-0',
      'gamma-0.98_seed-1',
      'gamma-0.99_seed-0',
      'gamma-0.99_seed-1',
    ]);
    expect(r.value[3].config).toEqual({ ...edited, gamma: 0.99, seed: 1 });
    const seedsOnly = planPageSweep(edited, [], '3, 5');
    expect(seedsOnly.ok && seedsOnly.value.map((t) => t.config)).toEqual([
      { ...edited, seed: 3 },
      { ...edited, seed: 5 },
    ]);
  });

  it('refuses bad entries, an empty sweep and one too big for a page', () => {
    expect(messages(planPageSweep(edited, ['tau=0', 'hidden1=2'], 'x'))).toHaveLength(3);
    expect(messages(planPageSweep(edited, ['', ' '], ''))).toEqual([
      'a sweep needs values of a hyperparameter, or seeds',
    ]);
    expect(messages(planPageSweep(edited, ['batch-size=8,16,32,64,128'], '0-19'))).toEqual([
      `the sweep has 100 trials; the page runs at most ${MAX_PAGE_TRIALS} (the command line has no such limit)`,
    ]);
  });
});
