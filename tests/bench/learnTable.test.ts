import { describe, expect, it } from 'vitest';
import { formatTable, parseSeeds, spreads } from '../../bench/learnTable';
import type { SeedRun } from '../../bench/learnTable';

const run = (seed: number, episodes: number, evalMean: number | null, solved = true): SeedRun => ({
  seed,
  solved,
  episodes,
  envSteps: episodes * 300,
  solveSeconds: solved ? episodes / 20 : null,
  wallSeconds: episodes / 10,
  best:
    evalMean === null ? null : { episode: episodes - 5, evalMean, landingRate: evalMean > 200 ? 0.9 : 0.4 },
});

describe('bench:learn', () => {
  it('reads seed lists and ranges, each seed once, and refuses bad ones saying why', () => {
    expect(parseSeeds('0-9')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(parseSeeds('5')).toEqual([5]);
    expect(parseSeeds('3,0-2, 7 ,2')).toEqual([3, 0, 1, 2, 7]);
    expect(() => parseSeeds('9-3')).toThrow(/runs backwards/);
    expect(() => parseSeeds('a-b')).toThrow(/such as 0-9 or 0,2,5-7; got “a-b”/);
    expect(() => parseSeeds('')).toThrow(/such as 0-9/);
    expect(() => parseSeeds('-1')).toThrow(/such as 0-9/);
    expect(() => parseSeeds('0-99999')).toThrow(/more than a bench runs/);
    expect(() => parseSeeds('2147483648')).toThrow(/at most 2147483647/);
  });

  it('gives the median and quartiles of each column, leaving out runs without a value', () => {
    const runs = [run(0, 400, 210), run(1, 600, 190), run(2, 500, null), run(3, 800, 250, false)];
    const s = spreads(runs);
    expect(s.episodes).toEqual({ q1: 475, median: 550, q3: 650 });
    expect(s.evalMean).toEqual({ q1: 200, median: 210, q3: 230 });
    expect(s.landingRate!.median).toBe(0.9);
    expect(spreads([run(0, 100, null)]).evalMean).toBeNull();
  });

  it('prints a row per seed, then the quartile rows with the solved count', () => {
    const lines = formatTable([run(0, 400, 210), run(1, 600, 190, false)]).split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual([
      'seed',
      'solved',
      'episodes',
      'env steps',
      'solve s',
      'wall s',
      'best eval mean',
      'landing rate',
    ]);
    expect(lines[2].split(/\s+/)).toEqual(['0', 'yes', '400', '120,000', '20.0', '40.0', '210.0', '90%']);
    expect(lines[3].split(/\s+/)).toEqual(['1', 'no', '600', '180,000', '—', '60.0', '190.0', '40%']);
    expect(lines[6].split(/\s+/)).toEqual([
      'median',
      '1/2',
      '500',
      '150,000',
      '20.0',
      '50.0',
      '200.0',
      '65%',
    ]);
    expect(lines[5].split(/\s+/)[0]).toBe('25%');
    expect(lines[7].split(/\s+/)[0]).toBe('75%');
  });
});
