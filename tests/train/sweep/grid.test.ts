/** Sweep grids and seed lists are checked against the hyperparameter table before anything runs. */
import { describe, expect, it } from 'vitest';
import { PRESETS } from '../../../src/config/presets';
import { parseGrid, parseSeeds } from '../../../src/train/sweep/grid';
import { planTrials, selectTrial, shellWord, trialCommand } from '../../../src/train/sweep/plan';

const errors = (r: { ok: boolean; errors?: { message: string }[] }) =>
  r.ok ? [] : r.errors!.map((e) => e.message);

describe('sweep grid', () => {
  it('reads keys by name or flag, values by the table’s kind', () => {
    expect(
      parseGrid(['gamma=0.98, 0.99', 'learning-rate=1e-3,3e-4', 'double-dqn=true,false', 'loss=mse,huber']),
    ).toEqual({
      ok: true,
      value: [
        { key: 'gamma', values: [0.98, 0.99] },
        { key: 'learningRate', values: [1e-3, 3e-4] },
        { key: 'doubleDqn', values: [true, false] },
        { key: 'loss', values: ['mse', 'huber'] },
      ],
    });
  });

  it('refuses a bad entry naming it and what is allowed', () => {
    expect(errors(parseGrid(['gama=0.9']))).toEqual([
      expect.stringContaining('“gama”: unknown hyperparameter'),
    ]);
    expect(errors(parseGrid(['gamma=0.98,1.5']))).toEqual([
      expect.stringMatching(/gamma=1\.5: Discount γ must be a number from 0 to 0\.9999; got 1\.5/),
    ]);
    expect(errors(parseGrid(['gamma=']))).toEqual(['--grid gamma: no values given']);
    expect(errors(parseGrid(['gamma=0.9,,0.99']))).toEqual([expect.stringContaining('an empty value')]);
    expect(errors(parseGrid(['gamma']))).toEqual([expect.stringContaining('expected key=value')]);
    expect(errors(parseGrid(['batch-size=64,64']))).toEqual(['--grid batch-size: 64 is listed twice']);
    expect(errors(parseGrid(['batch-size=6.5']))).toEqual([expect.stringContaining('must be an integer')]);
    expect(errors(parseGrid(['loss=l1']))).toEqual([expect.stringContaining('one of mse, huber')]);
    expect(errors(parseGrid(['gamma=0.9', 'gamma=0.99']))).toEqual(['--grid gamma is given more than once']);
    expect(errors(parseGrid(['seed=1,2']))).toEqual([expect.stringContaining('--seeds')]);
    // Every bad entry is reported, not only the first.
    expect(errors(parseGrid(['tau=0', 'hidden1=1000']))).toHaveLength(2);
  });

  it('reads seed ranges and lists, and refuses bad ones', () => {
    expect(parseSeeds('0-4')).toEqual({ ok: true, value: [0, 1, 2, 3, 4] });
    expect(parseSeeds('7, 0-1,11')).toEqual({ ok: true, value: [7, 0, 1, 11] });
    expect(errors(parseSeeds('4-0'))).toEqual([expect.stringContaining('from low to high')]);
    expect(errors(parseSeeds('0-2,1'))).toEqual(['--seeds: seed 1 is listed twice']);
    expect(errors(parseSeeds('-1'))).toEqual([expect.stringContaining('integer from 0')]);
    expect(errors(parseSeeds('1.5'))).toEqual([expect.stringContaining('integer from 0')]);
    expect(errors(parseSeeds(''))).toEqual([expect.stringContaining('no seeds')]);
    expect(errors(parseSeeds('0-99999'))).toEqual([expect.stringContaining('more than')]);
  });
});

describe('sweep plan', () => {
  const grid = parseGrid(['gamma=0.98,0.99', 'double-dqn=false']);
  if (!grid.ok) throw new Error('grid');

  it('lists grid × seeds, seeds fastest, each with its folder and the train arguments', () => {
    const plan = planTrials(
      { preset: 'fast', flags: { maxEpisodes: 3 }, axes: grid.value, seeds: [0, 5], passThrough: [] },
      'runs/s/',
    );
    if (!plan.ok) throw new Error(errors(plan).join());
    expect(plan.value.map((t) => t.name)).toEqual([
      'gamma-0.98_doubleDqn-false_seed-0',
      'gamma-0.98_doubleDqn-false_seed-5',
      'gamma-0.99_doubleDqn-false_seed-0',
      'gamma-0.99_doubleDqn-false_seed-5',
    ]);
    const t = plan.value[3];
    expect(t.config).toEqual({
      ...PRESETS.fast.config,
      maxEpisodes: 3,
      gamma: 0.99,
      doubleDqn: false,
      seed: 5,
    });
    expect(trialCommand(t)).toBe(
      'npm run train -- --preset fast --max-episodes 3 --gamma 0.99 --no-double-dqn --seed 5 ' +
        '--out runs/s/gamma-0.99_doubleDqn-false_seed-5 --json',
    );
  });

  it('without --seeds, trials take the flags’ seed; with no grid, one trial per seed', () => {
    const one = planTrials(
      { preset: 'lab', flags: { seed: 9 }, axes: grid.value, seeds: null, passThrough: [] },
      'd',
    );
    expect(one.ok && one.value.map((t) => [t.name, t.config.seed])).toEqual([
      ['gamma-0.98_doubleDqn-false', 9],
      ['gamma-0.99_doubleDqn-false', 9],
    ]);
    const seeds = planTrials({ preset: 'lab', flags: {}, axes: [], seeds: [1, 2], passThrough: [] }, 'd');
    expect(seeds.ok && seeds.value.map((t) => t.name)).toEqual(['seed-1', 'seed-2']);
  });

  it('refuses a setting given both as a flag and in the grid, and --seed with --seeds', () => {
    const both = planTrials(
      { preset: 'lab', flags: { gamma: 0.9 }, axes: grid.value, seeds: null, passThrough: [] },
      'd',
    );
    expect(errors(both)).toEqual(['--gamma is given both as a flag and in --grid; keep one']);
    const seeds = planTrials(
      { preset: 'lab', flags: { seed: 1 }, axes: [], seeds: [1], passThrough: [] },
      'd',
    );
    expect(errors(seeds)).toEqual(['--seed and --seeds are both given; keep one']);
  });

  it('quotes only what a shell would misread', () => {
    expect(shellWord('runs/a-b_c=1,2')).toBe('runs/a-b_c=1,2');
    expect(shellWord("my runs/it's")).toBe(`'my runs/it'\\''s'`);
  });
});

describe('--trial', () => {
  it('picks the K-th trial, 0-based, and refuses anything else naming the range', () => {
    const plan = planTrials({ preset: 'lab', flags: {}, axes: [], seeds: [4, 5, 6], passThrough: [] }, 'd');
    if (!plan.ok) throw new Error('plan');
    expect(selectTrial(plan.value, '2')).toEqual({ ok: true, value: plan.value[2] });
    for (const bad of ['3', '-1', '', '1.5', 'x'])
      expect(errors(selectTrial(plan.value, bad))).toEqual([
        expect.stringContaining('--trial must be an integer from 0 to 2 (the plan has 3 trials)'),
      ]);
  });
});
