/**
 * Model links (train/runs/modelLink.ts) as generated input: any fragment, valid links with characters
 * changed, cut, inserted or swapped, and valid models of any settings and small shapes. Reading never
 * throws; it yields nothing, a usable model (settings the table accepts, finite weights of the network's
 * size) or one readable sentence; a model made into a link reads back as itself.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { parameterCount } from '../../src/agent/networkShape';
import { validateConfig } from '../../src/config/validate';
import { makeModelLink, readModelLink, shapeOf } from '../../src/train/runs/modelLink';
import type { ReadLink, SharedModel } from '../../src/train/runs/modelLink';
import { configArb, messyText } from './arbitraries';
import { checkAsync, readable, timeoutFor } from './fuzz';

const BASE = 'https://example.org/';

function usable(result: ReadLink): void {
  if (result.kind === 'refused') {
    expect(readable(result.reason), result.reason).toBe(true);
    expect(result.reason).toMatch(/\.$/);
    return;
  }
  if (result.kind === 'none') return;
  const { model } = result;
  expect(validateConfig(model.config)).toEqual({ ok: true, value: model.config });
  expect(model.weights.length).toBe(parameterCount(shapeOf(model.config)));
  expect(model.weights.every(Number.isFinite)).toBe(true);
  expect(['latest', 'best']).toContain(model.which);
}

/** A small model of any valid settings, with weights of any finite size, and what is known of it. */
const modelArb: fc.Arbitrary<SharedModel> = fc
  .tuple(
    configArb,
    fc.integer({ min: 4, max: 12 }),
    fc.integer({ min: 4, max: 12 }),
    fc.constantFrom('latest' as const, 'best' as const),
    fc.option(fc.nat({ max: 1_000_000 })),
    fc.option(
      fc.record({
        episode: fc.nat({ max: 1_000_000 }),
        episodes: fc.integer({ min: 1, max: 1000 }),
        // A link writes −0 as 0, as the address writes any number.
        mean: fc.double({ min: -1000, max: 1000, noNaN: true }).map((m) => m + 0),
        landingRate: fc.double({ min: 0, max: 1, noNaN: true }).map((m) => m + 0),
      }),
    ),
  )
  .chain(([config, hidden1, hidden2, which, episodes, evaluation]) => {
    const shaped = { ...config, hidden1, hidden2 };
    return fc
      .float32Array({
        minLength: parameterCount(shapeOf(shaped)),
        maxLength: parameterCount(shapeOf(shaped)),
        min: Math.fround(-9.99e29),
        max: Math.fround(9.99e29),
        noNaN: true,
      })
      .map((weights) => ({ config: shaped, weights, which, episodes, evaluation }));
  });

let valid: string;
beforeAll(async () => {
  const sample = fc.sample(modelArb, { numRuns: 1, seed: 7 })[0];
  const made = await makeModelLink(sample, BASE);
  if (!made.ok) throw new Error(made.reason);
  valid = `#${made.fragment}`;
});

const editArb = fc.oneof(
  fc.record({ cut: fc.nat() }),
  fc.record({
    at: fc.nat(),
    put: fc.oneof(
      fc.string({ minLength: 1, maxLength: 3 }),
      fc.constantFrom('A', '_', '-', '%', '#', '=', '.'),
    ),
  }),
  fc.record({ at: fc.nat(), insert: fc.string({ minLength: 1, maxLength: 8 }) }),
  fc.record({ swap: fc.nat() }),
);

function edit(
  link: string,
  e: fc.Arbitrary<unknown> extends never ? never : Record<string, unknown>,
): string {
  const n = link.length;
  if ('cut' in e) return link.slice(0, (e.cut as number) % n);
  if ('put' in e) {
    const at = (e.at as number) % n;
    return link.slice(0, at) + (e.put as string) + link.slice(at + 1);
  }
  if ('insert' in e) {
    const at = (e.at as number) % n;
    return link.slice(0, at) + (e.insert as string) + link.slice(at);
  }
  const at = (e.swap as number) % (n - 1);
  return link.slice(0, at) + link[at + 1] + link[at] + link.slice(at + 2);
}

describe('model links under generated input', () => {
  it(
    'any fragment reads as nothing, a usable model or one readable sentence',
    async () => {
      await checkAsync(
        'model link fragment',
        fc.asyncProperty(
          fc.oneof(
            messyText,
            messyText.map((t) => `model=${t}`),
            messyText.map((t) => `#model=v1.${t}`),
          ),
          async (hash) => usable(await readModelLink(hash)),
        ),
      );
    },
    timeoutFor(5),
  );

  it(
    'a valid link changed, cut, lengthened or shuffled reads as a usable model or one readable sentence',
    async () => {
      await checkAsync(
        'damaged model link',
        fc.asyncProperty(editArb, async (e) => usable(await readModelLink(edit(valid, e)))),
      );
    },
    timeoutFor(5),
  );

  it(
    'a model of any settings and small shape reads back as itself, weights within half a 16-bit step',
    async () => {
      await checkAsync(
        'model link round trip',
        fc.asyncProperty(modelArb, async (model) => {
          const made = await makeModelLink(model, BASE);
          if (!made.ok) throw new Error(made.reason);
          const back = await readModelLink(new URL(made.link).hash);
          usable(back);
          if (back.kind !== 'model') throw new Error(back.kind);
          expect(back.model.config).toEqual(model.config);
          expect(back.model.which).toBe(model.which);
          expect(back.model.episodes).toBe(model.episodes);
          expect(back.model.evaluation).toEqual(model.evaluation);
          const largest = model.weights.reduce((m, w) => Math.max(m, Math.abs(w)), 0);
          for (let i = 0; i < model.weights.length; i++)
            expect(Math.abs(back.model.weights[i] - model.weights[i])).toBeLessThanOrEqual(
              Math.max(largest / 32767, 2 ** -126) * 0.51 + Math.abs(model.weights[i]) * 2 ** -22,
            );
        }),
      );
    },
    timeoutFor(10),
  );
});
