/**
 * npm run train writes model.onnx beside model.json (and in best/): ONNX Runtime runs each, and its
 * Q-values are those of the Layers model beside it; its metadata says which model it is.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import * as ort from 'onnxruntime-web';
import protobuf from 'protobufjs/minimal.js';
import { afterAll, describe, expect, it } from 'vitest';
import { flatWeights, PlainForward } from '../../../src/agent/qNetwork';
import { loadModel } from '../../../src/train/cli/modelFiles';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'lander-onnx-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** ModelProto.metadata_props (field 14: StringStringEntryProto key = 1, value = 2), read back. */
function metadataProps(bytes: Uint8Array): Record<string, string> {
  const reader = protobuf.Reader.create(bytes);
  const props: Record<string, string> = {};
  while (reader.pos < reader.len) {
    const tag = reader.uint32();
    if (tag >>> 3 !== 14) {
      reader.skipType(tag & 7);
      continue;
    }
    const entry = protobuf.Reader.create(reader.bytes());
    const kv: string[] = [];
    while (entry.pos < entry.len) {
      entry.uint32();
      kv.push(entry.string());
    }
    props[kv[0]] = kv[1];
  }
  return props;
}

describe('the run folder’s model.onnx', () => {
  it('runs in ONNX Runtime with the Q-values of model.json beside it, latest and best', async () => {
    const out = join(dir, 'run');
    await run(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/train/cli/train.ts',
        '--json',
        '--seed=4',
        '--max-episodes=12',
        '--max-episode-steps=100',
        '--hidden1=12',
        '--hidden2=10',
        '--eval-every=4',
        '--eval-episodes=2',
        `--out=${out}`,
      ],
      { encoding: 'utf8' },
    );
    ort.env.wasm.numThreads = 1;
    const states = Float32Array.from({ length: 5 * 8 }, (_, i) => Math.sin(i * 0.77) * 1.5);
    for (const [folder, which] of [
      [out, 'latest'],
      [join(out, 'best'), 'best'],
    ]) {
      const { model } = await loadModel(join(folder, 'model.json'), { inputs: 8, actions: 4 });
      const plain = new PlainForward({ inputs: 8, hidden1: 12, hidden2: 10, actions: 4 });
      plain.loadFlat(flatWeights(model));
      model.dispose();
      const bytes = new Uint8Array(readFileSync(join(folder, 'model.onnx')));
      const session = await ort.InferenceSession.create(bytes, { executionProviders: ['wasm'] });
      const q = (await session.run({ state: new ort.Tensor('float32', states, [5, 8]) })).q_values
        .data as Float32Array;
      await session.release();
      for (let i = 0; i < 5; i++) {
        const expected = plain.forward(states, i * 8);
        for (let a = 0; a < 4; a++) expect(Math.abs(q[i * 4 + a] - expected[a])).toBeLessThan(1e-5);
      }
      const props = metadataProps(bytes);
      expect(props).toMatchObject({ app: 'Lander Lab', which, preset: 'lab' });
      expect(JSON.parse(props.evaluation)).toHaveProperty('mean');
    }
  });
});
