/** Loads the recorded Gymnasium episodes (tests/fixtures/gymnasium, gzipped copies of shared/ fixtures). */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { Action, LunarLanderOptions, RandomSource } from '../../src/env/types';

const DIR = new URL('../fixtures/gymnasium/', import.meta.url);

export type Draw = [
  'uniform' | 'integers',
  number,
  number,
  number | null,
  number | number[],
  number | number[] | null,
];

export interface Fixture {
  env: { kwargs: Record<string, number | boolean>; maxEpisodeSteps: number };
  seed: number | null;
  draws: Draw[];
  reset: {
    drawCount: number;
    obs: number[];
    bodies: number[];
    wind?: [number, number];
    windIdx: number | null;
  };
  terrain: {
    chunkX: number[];
    height: number[];
    smoothY: number[];
    helipadX1: number;
    helipadX2: number;
    helipadY: number;
    edgesF32: number[][];
  };
  steps: {
    n: number;
    action: (number | [number, number])[];
    obs: number[][];
    reward: number[];
    terminated: boolean[];
    truncated: boolean[];
    bodies: number[][];
    wind?: ([number, number] | null)[];
  };
  outcome: { kind: 'landed' | 'crashed' | 'out_of_bounds' | 'timeout'; steps: number; totalReturn: number };
}

export interface IndexEntry {
  file: string;
  seed: number | null;
  policy: 'noop' | 'random' | 'heuristic';
  options: Record<string, number | boolean>;
  steps: number;
  totalReturn: number;
  outcome: Fixture['outcome']['kind'];
}

export function readGz<T>(name: string): T {
  return JSON.parse(gunzipSync(readFileSync(new URL(`${name}.gz`, DIR))).toString('utf8')) as T;
}

export const index = readGz<{ episodes: IndexEntry[] }>('index.json').episodes;

const cache = new Map<string, Fixture>();
export function load(file: string): Fixture {
  let f = cache.get(file);
  if (!f) cache.set(file, (f = readGz<Fixture>(file)));
  return f;
}

export function actionOf(a: number | [number, number]): Action {
  return typeof a === 'number' ? (a as Action) : [a[0], a[1]];
}

/** Gymnasium's snake_case kwargs as the port's options. */
export function optionsOf(kwargs: Record<string, number | boolean>): LunarLanderOptions {
  const names: Record<string, keyof LunarLanderOptions> = {
    continuous: 'continuous',
    gravity: 'gravity',
    enable_wind: 'enableWind',
    wind_power: 'windPower',
    turbulence_power: 'turbulencePower',
  };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(kwargs)) {
    if (!(k in names)) throw new Error(`fixture kwarg ${k} has no port option`);
    out[names[k]] = v;
  }
  return out as LunarLanderOptions;
}

/**
 * A random source that replays a fixture's recorded draws and fails on the first call whose kind or
 * arguments differ from Gymnasium's: this is what proves the draw order. The size-12 terrain call is
 * expected as 12 scalar uniform calls in a row.
 */
export class RecordedDraws implements RandomSource {
  private readonly queue: {
    kind: string;
    low: number;
    high: number;
    value: number;
    unit: number | null;
    entry: number;
  }[] = [];
  private next = 0;

  constructor(draws: Draw[]) {
    draws.forEach(([kind, low, high, size, value, unit], entry) => {
      if (size === null)
        this.queue.push({ kind, low, high, value: value as number, unit: unit as number | null, entry });
      else
        for (let i = 0; i < size; i++)
          this.queue.push({
            kind,
            low,
            high,
            value: (value as number[])[i],
            unit: (unit as number[])[i],
            entry,
          });
    });
  }

  /** How many recorded draws (entries of the fixture's `draws`, the terrain call counting once) are used up. */
  get consumed(): number {
    return this.next === 0 ? 0 : this.queue[this.next - 1].entry + 1;
  }
  get exhausted(): boolean {
    return this.next === this.queue.length;
  }

  private take(kind: string, low: number, high: number): number {
    const d = this.queue[this.next];
    if (!d)
      throw new Error(`draw ${this.next}: ${kind}(${low}, ${high}) asked for, but the recording has ended`);
    if (d.kind !== kind || d.low !== low || d.high !== high) {
      throw new Error(
        `draw ${this.next}: port asked for ${kind}(${low}, ${high}), Gymnasium drew ${d.kind}(${d.low}, ${d.high})`,
      );
    }
    this.next++;
    return d.value;
  }

  uniform(low: number, high: number): number {
    const d = this.queue[this.next];
    const value = this.take('uniform', low, high);
    // NumPy's formula on the recorded unit must give the recorded value: checks our reading of it too.
    if (d.unit !== null && low + (high - low) * d.unit !== value)
      throw new Error(`draw ${this.next - 1}: unit mismatch`);
    return value;
  }

  integers(low: number, high: number): number {
    return this.take('integers', low, high);
  }
}
