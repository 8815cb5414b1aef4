/**
 * Keras files as generated input: the course's .h5 sample and a .keras archive with bytes changed, cut or
 * added, and valid .h5 files whose model_config is mutated. Reading either loads a finite 8 → 4 Q-network or refuses with a
 * ModelFileError that says why, never anything else (HDF5's own failures included); a refused file leaves
 * a running session as it was.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kerasArchiveFromLayers, layersFromKerasArchive } from '../../src/agent/model/kerasArchive';
import { layersFromKerasH5 } from '../../src/agent/model/kerasH5';
import { ModelFileError } from '../../src/agent/model/modelTopology';
import { readLoadedModel, readLoadedSource } from '../../src/train/host/loadedModel';
import type { TrainingSession } from '../../src/train/host/session';
import { courseSpec, kerasFile, SAMPLE } from '../agent/model/kerasFiles';
import { checkAsync, readable, timeoutFor } from './fuzz';
import { idleSession } from './idleSession';
import { mutate, mutationArb } from './mutate';

type ByteMutation =
  | { kind: 'set'; at: number; value: number }[]
  | { kind: 'cut'; at: number }
  | { kind: 'insert'; at: number; bytes: number[] };

/** Changes in the first 4 KiB mostly: where the superblock, object headers and attributes are. */
const byteArb: fc.Arbitrary<ByteMutation> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.array(
      fc.record({
        kind: fc.constant('set' as const),
        at: fc.oneof(fc.nat({ max: 4095 }), fc.nat()),
        value: fc.nat({ max: 255 }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat({ max: 4095 }),
      bytes: fc.array(fc.nat({ max: 255 }), { minLength: 1, maxLength: 16 }),
    }),
  },
);

function mutateBytes(bytes: Uint8Array, m: ByteMutation): Uint8Array {
  if (Array.isArray(m)) {
    const out = bytes.slice();
    for (const { at, value } of m) out[at % out.length] = value;
    return out;
  }
  if (m.kind === 'cut') return bytes.slice(0, m.at % bytes.length);
  const at = m.at % bytes.length;
  const out = new Uint8Array(bytes.length + m.bytes.length);
  out.set(bytes.subarray(0, at));
  out.set(m.bytes, at);
  out.set(bytes.subarray(at), at + m.bytes.length);
  return out;
}

/** Reads as the page does; a refusal must be a ModelFileError with a readable sentence. */
async function loadOrRefuse(bytes: Uint8Array, archive = false): Promise<'loaded' | 'refused'> {
  try {
    const files = await (archive ? layersFromKerasArchive(bytes) : layersFromKerasH5(bytes));
    const model = await readLoadedModel(files.json, files.weights, 'x.h5');
    expect(model.weights.every(Number.isFinite)).toBe(true);
    expect(model.shape.inputs).toBe(8);
    expect(model.shape.actions).toBe(4);
    return 'loaded';
  } catch (e) {
    expect(e, String(e)).toBeInstanceOf(ModelFileError);
    expect(readable((e as Error).message), (e as Error).message).toBe(true);
    return 'refused';
  }
}

const validConfig = JSON.parse(courseSpec().config!) as unknown;

describe('Keras .h5 files under generated mutations', () => {
  it(
    'with changed bytes are read as a finite 8 → 4 network or refused with a ModelFileError saying why',
    async () => {
      const seen = { loaded: 0, refused: 0 };
      await checkAsync(
        'keras h5 byte mutations',
        fc.asyncProperty(byteArb, async (m) => {
          seen[await loadOrRefuse(mutateBytes(SAMPLE, m))]++;
        }),
      );
      // Both happen: changes in unused bytes keep the file readable, others break it.
      expect(seen.loaded).toBeGreaterThan(0);
      expect(seen.refused).toBeGreaterThan(0);
      // And HDF5 still reads a good file after all of that.
      expect(await loadOrRefuse(SAMPLE)).toBe('loaded');
    },
    timeoutFor(30),
  );

  it(
    'as .keras archives with changed bytes are read or refused with a ModelFileError saying why',
    async () => {
      const sample = await layersFromKerasH5(SAMPLE);
      const archive = await kerasArchiveFromLayers(sample);
      const seen = { loaded: 0, refused: 0 };
      await checkAsync(
        'keras archive byte mutations',
        fc.asyncProperty(byteArb, async (m) => {
          seen[await loadOrRefuse(mutateBytes(archive, m), true)]++;
        }),
      );
      expect(seen.refused).toBeGreaterThan(0);
      expect(await loadOrRefuse(archive, true)).toBe('loaded');
    },
    timeoutFor(30),
  );

  it(
    'with a mutated model_config are read or refused with a ModelFileError saying why',
    async () => {
      await checkAsync(
        'keras model_config mutations',
        fc.asyncProperty(
          fc.oneof(
            { weight: 6, arbitrary: mutationArb.map((m) => ({ mutate: m })) },
            { weight: 1, arbitrary: fc.nat().map((cut) => ({ cut })) },
          ),
          async (m) => {
            const text = courseSpec().config!;
            const config =
              'cut' in m
                ? text.slice(0, m.cut % text.length)
                : (JSON.stringify(mutate(validConfig, m.mutate)) ?? 'undefined');
            await loadOrRefuse(await kerasFile({ ...courseSpec(), config }));
          },
        ),
      );
    },
    timeoutFor(40),
  );
});

describe('a running session offered mutated Keras files', () => {
  let session: TrainingSession;
  beforeAll(() => {
    session = idleSession();
  });
  afterAll(() => session.dispose());

  it(
    'keeps its settings and weights when a file is refused',
    async () => {
      await checkAsync(
        'session keras loads',
        fc.asyncProperty(
          byteArb,
          fc.constantFrom('watch', 'continue-own', 'continue-page'),
          async (m, use) => {
            const config = { ...session.config };
            const weights = session.checkpoint()!.trainer.learner.online.slice();
            try {
              const bytes = mutateBytes(SAMPLE, m);
              const model = await readLoadedSource(
                { format: 'keras-h5', bytes: bytes.buffer as ArrayBuffer },
                'x.h5',
              );
              if (use === 'watch') session.watchGreedy(model);
              else session.continueFrom(model, use === 'continue-own' ? 'model' : 'page');
            } catch (e) {
              expect(e).toBeInstanceOf(ModelFileError);
              expect(session.config).toEqual(config);
              expect(session.checkpoint()!.trainer.learner.online).toEqual(weights);
              return;
            }
            expect(session.checkpoint()?.trainer.learner.online.every(Number.isFinite)).toBe(true);
            session.reset({ ...config });
          },
        ),
      );
    },
    timeoutFor(80),
  );
});
