/**
 * Model files as generated input: random mutations of a valid model.json and its weights (truncation,
 * dtypes, shapes, NaN/Infinity weights, extra or missing keys, huge sizes). Reading refuses with a
 * ModelFileError that says why, never anything else; a refused model leaves a running session as it
 * was; an accepted one round-trips (model → files → model → the same files).
 */
import * as tf from '@tensorflow/tfjs';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelFileError, modelFiles, readModelFiles } from '../../src/agent/model/modelFormat';
import type { ModelFiles } from '../../src/agent/model/modelFormat';
import { buildQNetwork } from '../../src/agent/qNetwork';
import { readLoadedModel } from '../../src/train/host/loadedModel';
import type { TrainingSession } from '../../src/train/host/session';
import { checkAsync, readable, RUNS, timeoutFor } from './fuzz';
import { idleSession } from './idleSession';
import { mutate, mutationArb } from './mutate';

const LANDER = { inputs: 8, actions: 4 };
let valid: ModelFiles;

beforeAll(async () => {
  const model = buildQNetwork({ inputs: 8, hidden1: 4, hidden2: 5, actions: 4 }, 1);
  valid = await modelFiles(model, 'w.bin', { episodes: 3 });
  model.dispose();
});

const weightsArb: fc.Arbitrary<WeightsMutation> = fc.oneof(
  fc.constant('same' as const),
  fc.record({ cut: fc.nat() }),
  fc.record({ extra: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ at: fc.nat(), value: fc.constantFrom(NaN, Infinity, -Infinity, 3.4e38) }),
);

type WeightsMutation = 'same' | { cut: number } | { extra: number } | { at: number; value: number };

function mutateWeights(weights: ArrayBuffer, w: WeightsMutation): ArrayBuffer {
  if (w === 'same') return weights.slice(0);
  if ('cut' in w) return weights.slice(0, w.cut % weights.byteLength);
  if ('extra' in w) {
    const out = new Uint8Array(weights.byteLength + w.extra);
    out.set(new Uint8Array(weights));
    return out.buffer;
  }
  const out = new Float32Array(weights.slice(0));
  out[w.at % out.length] = w.value;
  return out.buffer;
}

const jsonArb = fc.oneof(
  { weight: 6, arbitrary: mutationArb.map((m) => ({ mutate: m })) },
  { weight: 1, arbitrary: fc.nat().map((cut) => ({ cut })) },
  { weight: 1, arbitrary: fc.constant('same' as const) },
);

function jsonText(m: 'same' | { cut: number } | { mutate: Parameters<typeof mutate>[1] }): string {
  if (m === 'same') return valid.json;
  if ('cut' in m) return valid.json.slice(0, m.cut % valid.json.length);
  return JSON.stringify(mutate(JSON.parse(valid.json), m.mutate)) ?? 'undefined';
}

describe('model files under generated mutations', () => {
  it(
    'are refused with a ModelFileError saying why, or read as a finite 8 → 4 network',
    async () => {
      await checkAsync(
        'model mutations',
        fc.asyncProperty(jsonArb, weightsArb, async (jm, wm) => {
          const before = tf.memory().numTensors;
          let read: Awaited<ReturnType<typeof readModelFiles>> | null = null;
          try {
            read = await readModelFiles(jsonText(jm), mutateWeights(valid.weights, wm), LANDER);
          } catch (e) {
            expect(e).toBeInstanceOf(ModelFileError);
            expect(readable((e as Error).message), (e as Error).message).toBe(true);
            expect(tf.memory().numTensors).toBe(before);
            return;
          }
          const weights = read.model.getWeights().flatMap((t) => Array.from(t.dataSync()));
          expect(weights.every(Number.isFinite)).toBe(true);
          read.model.dispose();
        }),
      );
    },
    timeoutFor(50),
  );

  it(
    'round-trip when accepted: model → files → model → the same files',
    async () => {
      await checkAsync(
        'model round trip',
        fc.asyncProperty(
          fc.integer({ min: 4, max: 24 }),
          fc.integer({ min: 4, max: 24 }),
          fc.integer({ min: 0, max: 2 ** 31 - 1 }),
          async (hidden1, hidden2, seed) => {
            const model = buildQNetwork({ inputs: 8, hidden1, hidden2, actions: 4 }, seed);
            const files = await modelFiles(model, 'w.bin', { seed });
            const { model: back, metadata } = await readModelFiles(
              files.json,
              files.weights.slice(0),
              LANDER,
            );
            expect(metadata).toEqual({ seed });
            const again = await modelFiles(back, 'w.bin', { seed });
            expect(new Uint8Array(again.weights)).toEqual(new Uint8Array(files.weights));
            expect(JSON.parse(again.json).weightsManifest).toEqual(JSON.parse(files.json).weightsManifest);
            model.dispose();
            back.dispose();
          },
        ),
        RUNS,
      );
    },
    timeoutFor(15),
  );
});

describe('a running session offered mutated models', () => {
  let session: TrainingSession;
  beforeAll(() => {
    session = idleSession();
  });
  afterAll(() => session.dispose());

  it(
    'keeps its settings and weights when a model is refused',
    async () => {
      await checkAsync(
        'session model loads',
        fc.asyncProperty(
          jsonArb,
          weightsArb,
          fc.constantFrom('watch', 'continue-own', 'continue-page'),
          async (jm, wm, use) => {
            const config = { ...session.config };
            const weights = session.checkpoint()!.trainer.learner.online.slice();
            try {
              const model = await readLoadedModel(jsonText(jm), mutateWeights(valid.weights, wm), 'm.json');
              if (use === 'watch') session.watchGreedy(model);
              else session.continueFrom(model, use === 'continue-own' ? 'model' : 'page');
            } catch (e) {
              expect(e).toBeInstanceOf(ModelFileError);
              expect(session.config).toEqual(config);
              expect(session.checkpoint()!.trainer.learner.online).toEqual(weights);
              return;
            }
            // Accepted: a network read from the file, finite; put the session back for the next case.
            expect(session.checkpoint()?.trainer.learner.online.every(Number.isFinite)).toBe(true);
            session.reset({ ...config });
          },
        ),
      );
    },
    timeoutFor(80),
  );
});
