/**
 * A model's own settings (its metadata's `config`) as generated input: anything at all, and one-place
 * mutations of a valid config (odd values, deleted or extra keys). Reading never throws; it either gives
 * settings the table accepts, of its own keys, for the weights' layer sizes (with the keys it lacks named),
 * or refuses with a reason a person can read; and what it gives always continues to a valid run.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HYPERPARAMETERS, SPECS } from '../../src/config/hyperparameters';
import { checkValue } from '../../src/config/validate';
import { continuation } from '../../src/train/host/continuation';
import { modelSettings } from '../../src/train/runs/modelSettings';
import { configArb } from './arbitraries';
import { check, readable, timeoutFor } from './fuzz';
import { mutate, mutationArb, oddValue } from './mutate';

const NETWORK = { inputs: 8, hidden1: 24, hidden2: 12, actions: 4 };
const KEYS = HYPERPARAMETERS.map((p) => p.key);

const metadataArb: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  fc.record({ config: oddValue }),
  fc.record({ config: fc.anything({ maxDepth: 3 }) }),
  fc.dictionary(fc.string({ maxLength: 12 }), fc.anything({ maxDepth: 2 })),
  // Mostly a saved model's metadata with one thing changed, so that accepted settings are checked often.
  {
    weight: 5,
    arbitrary: fc.tuple(configArb, mutationArb, fc.boolean()).map(([config, m, sameNetwork]) => ({
      config: mutate(sameNetwork ? { ...config, hidden1: 24, hidden2: 12 } : config, m),
    })),
  },
);

describe('a model’s own settings under generated metadata', () => {
  it(
    'are settings the table accepts for the weights’ layers, or refused with a readable reason',
    () => {
      check(
        'model settings',
        fc.property(metadataArb, configArb, (metadata, page) => {
          const read = modelSettings(metadata, NETWORK);
          if (!read.ok) {
            expect(readable(read.problem), read.problem).toBe(true);
            return;
          }
          const keys = Object.keys(read.settings);
          expect(keys.length).toBeGreaterThan(0);
          for (const [key, value] of Object.entries(read.settings)) {
            expect(checkValue(SPECS.get(key)!, value)).toBeNull();
          }
          expect([...keys, ...read.missing].sort()).toEqual([...KEYS].sort());
          if ('hidden1' in read.settings) expect(read.settings.hidden1).toBe(NETWORK.hidden1);
          if ('hidden2' in read.settings) expect(read.settings.hidden2).toBe(NETWORK.hidden2);
          // And a run continued with them is valid, with the model's layers and its settings kept.
          const model = { name: 'm.json', shape: NETWORK, episodes: null, settings: read };
          const planned = continuation(model, 'model', page);
          expect(planned.ok).toBe(true);
          if (!planned.ok) return;
          const { config, message } = planned.value;
          expect(config).toMatchObject({
            ...read.settings,
            hidden1: 24,
            hidden2: 12,
            epsilonStart: config.epsilonMin,
          });
          expect(config.epsilonMin).toBe(read.settings.epsilonMin ?? page.epsilonMin);
          expect(message).toContain('with its own settings');
          expect(message).not.toMatch(/undefined|NaN|\[object/);
        }),
      );
    },
    timeoutFor(5),
  );
});
