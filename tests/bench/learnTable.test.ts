import { describe, expect, it } from 'vitest';
import { formatTable, parseSeeds, spreads } from '../../bench/learnTable';
import type { SeedRun } from '../../bench/learnTable';

/** A seed's run: solved at `solvedAt` (if given), proven 100 episodes later, its check `check` (if given). */
const run = (seed: number, solvedAt: number | null, check: number | null, proven = true): SeedRun => ({
  seed,
  solved: solvedAt === null ? null : { episode: solvedAt, seconds: solvedAt / 20 },
  proven: solvedAt === null || !proven ? null : { episode: solvedAt + 100, seconds: (solvedAt + 100) / 20 },
  episodes: (solvedAt ?? 900) + 100,
  envSteps: 300 * ((solvedAt ?? 900) + 100),
  wallSeconds: ((solvedAt ?? 900) + 100) / 10,
  best:
    check === null ? null : { episode: 10, evalMean: check + 5, landingRate: 0.9, confirmMean: check + 1 },
  check: check === null ? null : { mean: check, landingRate: check > 200 ? 0.9 : 0.4 },
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

  it('gives the quartiles and the worst of each column, leaving out runs without a value', () => {
    const runs = [run(0, 400, 210), run(1, 600, 190), run(2, 500, null), run(3, null, 250)];
    const s = spreads(runs);
    expect(s.solvedEpisode).toEqual({ q1: 450, median: 500, q3: 550, worst: 600 });
    expect(s.provenSeconds).toEqual({ q1: 27.5, median: 30, q3: 32.5, worst: 35 });
    // For a return or a landing rate the worst is the lowest.
    expect(s.checkMean).toEqual({ q1: 200, median: 210, q3: 230, worst: 190 });
    expect(s.checkLandingRate!.worst).toBe(0.4);
    expect(spreads([run(0, 100, null)]).checkMean).toBeNull();
  });

  it('prints a row per seed, the quartile and worst rows, and how many seeds meet each bar', () => {
    const lines = formatTable([run(0, 400, 210), run(1, 600, 190, false)]).split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual([
      'seed',
      'solved ep',
      'solve s',
      'proven ep',
      'proven s',
      'wall s',
      'confirmed mean',
      'eval mean',
      'eval landed',
    ]);
    expect(lines[2].split(/\s+/)).toEqual([
      '0',
      '400',
      '20.0',
      '500',
      '25.0',
      '50.0',
      '211.0',
      '210.0',
      '90%',
    ]);
    expect(lines[3].split(/\s+/)).toEqual(['1', '600', '30.0', '—', '—', '70.0', '191.0', '190.0', '40%']);
    expect(lines[5].split(/\s+/)[0]).toBe('25%');
    expect(lines[6].split(/\s+/)).toEqual([
      'median',
      '500',
      '25.0',
      '500',
      '25.0',
      '60.0',
      '201.0',
      '200.0',
      '65%',
    ]);
    expect(lines[8].split(/\s+/)).toEqual([
      'worst',
      '600',
      '30.0',
      '500',
      '25.0',
      '70.0',
      '191.0',
      '190.0',
      '40%',
    ]);
    expect(lines.at(-1)).toBe(
      '2/2 solved, 1/2 proven; 1/2 best models fly ≥ 200 with ≥ 85% landed on 100 unseen moons',
    );
  });
});
