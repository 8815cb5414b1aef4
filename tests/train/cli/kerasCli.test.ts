/**
 * Keras .h5 on the command line: train writes model.h5 beside model.json (and in best/); eval flies a .h5
 * with the very figures of the same model's Layers files, and --json lists each episode's seed, return and
 * outcome; train --init starts from a .h5; a bad .h5 is refused, naming the file and what is wrong.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { kerasArchiveFromLayers } from '../../../src/agent/model/kerasArchive';
import { layersFromKerasH5 } from '../../../src/agent/model/kerasH5';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'lander-keras-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tsx = (script: string, args: string[]) =>
  run(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8' });
const lastJson = (stdout: string) => JSON.parse(stdout.trim().split('\n').at(-1)!);
const SAMPLE = 'tests/fixtures/keras/sample_course_layout.h5';

interface Figures {
  episodes: number;
  seeds: [number, number];
  meanReturn: number;
  outcomes: Record<string, number>;
  perEpisode: { seed: number; return: number; outcome: string }[];
}

describe('Keras .h5 on the command line', () => {
  it('train writes model.h5 beside model.json, and eval flies it with the same figures', async () => {
    const out = join(dir, 'run');
    const { stdout } = await tsx('src/train/cli/train.ts', [
      '--json',
      '--seed=4',
      '--max-episodes=4',
      '--max-episode-steps=80',
      '--hidden1=12',
      '--hidden2=8',
      '--eval-every=2',
      '--eval-episodes=1',
      `--out=${out}`,
    ]);
    expect(lastJson(stdout).best.model).toBe(join(out, 'best', 'model.json'));
    for (const folder of [out, join(out, 'best')]) {
      const h5 = await layersFromKerasH5(readFileSync(join(folder, 'model.h5')));
      // The same weights, bit for bit, and the run's metadata with them.
      expect(new Uint8Array(h5.weights)).toEqual(new Uint8Array(readFileSync(join(folder, 'weights.bin'))));
      const layers = JSON.parse(readFileSync(join(folder, 'model.json'), 'utf8'));
      expect(JSON.parse(h5.json).userDefinedMetadata).toEqual(layers.userDefinedMetadata);
    }

    const args = ['--episodes=5', '--seed=77', '--json'];
    const fromH5: Figures = lastJson(
      (await tsx('src/train/cli/eval.ts', ['--model', join(out, 'model.h5'), ...args])).stdout,
    );
    const fromLayers: Figures = lastJson(
      (await tsx('src/train/cli/eval.ts', ['--model', join(out, 'model.json'), ...args])).stdout,
    );
    expect(fromH5).toEqual(fromLayers);
    expect(fromH5.perEpisode.map((e) => e.seed)).toEqual([77, 78, 79, 80, 81]);
    const outcomes = fromH5.perEpisode.map((e) => e.outcome);
    for (const [outcome, count] of Object.entries(fromH5.outcomes)) {
      expect(outcomes.filter((o) => o === outcome)).toHaveLength(count);
    }
    const mean = fromH5.perEpisode.reduce((s, e) => s + e.return, 0) / 5;
    expect(fromH5.meanReturn).toBe(Number(mean.toFixed(2)));

    // The plain report says the same.
    const text = (
      await tsx('src/train/cli/eval.ts', ['--model', join(out, 'model.h5'), '--episodes=5', '--seed=77'])
    ).stdout;
    expect(text).toContain(`return ${fromH5.meanReturn} ±`);
  }, 180_000);

  it('eval flies a .keras with the figures of the same model as .h5', async () => {
    const sample = await layersFromKerasH5(readFileSync(SAMPLE));
    const path = join(dir, 'sample.keras');
    writeFileSync(path, await kerasArchiveFromLayers(sample));
    const args = ['--episodes=2', '--json'];
    const fromKeras = lastJson((await tsx('src/train/cli/eval.ts', ['--model', path, ...args])).stdout);
    const fromH5 = lastJson((await tsx('src/train/cli/eval.ts', ['--model', SAMPLE, ...args])).stdout);
    expect(fromKeras).toEqual(fromH5);
  }, 60_000);

  it('eval flies the course-layout sample, and lists every episode for any format', async () => {
    const figures: Figures = lastJson(
      (await tsx('src/train/cli/eval.ts', ['--model', SAMPLE, '--episodes=3', '--json'])).stdout,
    );
    expect(figures.perEpisode).toHaveLength(3);
    expect(figures.perEpisode.map((e) => e.seed)).toEqual([10_000, 10_001, 10_002]);
    for (const e of figures.perEpisode) {
      expect(Number.isFinite(e.return)).toBe(true);
      expect(['landed', 'crashed', 'out_of_bounds', 'time_limit']).toContain(e.outcome);
    }
  }, 60_000);

  it('train --init starts from a .h5: its layer sizes, ε at its minimum, and its very weights', async () => {
    const out = join(dir, 'init');
    // Too few steps to fill one batch of 1024: nothing is learned, so the saved weights are the ones it began with.
    const { stdout } = await tsx('src/train/cli/train.ts', [
      '--init',
      SAMPLE,
      '--max-episodes=1',
      '--max-episode-steps=20',
      '--batch-size=1024',
      '--eval-every=0',
      `--out=${out}`,
    ]);
    expect(stdout).toContain('Starting from sample_course_layout.h5 (64-64 network); ε starts at 0.01');
    const config = JSON.parse(readFileSync(join(out, 'config.json'), 'utf8'));
    expect(config).toMatchObject({ hidden1: 64, hidden2: 64, epsilonStart: config.epsilonMin });
    const sample = await layersFromKerasH5(readFileSync(SAMPLE));
    expect(new Uint8Array(readFileSync(join(out, 'weights.bin')))).toEqual(new Uint8Array(sample.weights));
    const metadata = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')).userDefinedMetadata;
    expect(metadata.init).toBe('sample_course_layout.h5');

    const clash = await tsx('src/train/cli/train.ts', ['--init', SAMPLE, '--hidden1=32']).catch(
      (e: { stderr: string; code: number }) => e,
    );
    expect(clash).toMatchObject({ code: 2 });
    expect((clash as { stderr: string }).stderr).toContain('--hidden1 32 differs from the 64-64 network');
  }, 120_000);

  it('refuses a file that is not a Keras model, naming it and what is wrong', async () => {
    const bad = join(dir, 'notes.h5');
    writeFileSync(bad, 'these are my notes');
    for (const [script, ...args] of [
      ['src/train/cli/eval.ts', '--model', bad],
      ['src/train/cli/train.ts', '--init', bad, '--max-episodes=1'],
    ]) {
      const failed = await tsx(script, args).catch((e: { stderr: string; code: number }) => e);
      expect(failed).toMatchObject({ code: 1 });
      expect((failed as { stderr: string }).stderr).toContain(
        'error: notes.h5: it is not an HDF5 file (it does not start with the HDF5 signature)',
      );
    }
  }, 60_000);
});
