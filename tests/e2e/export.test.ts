/**
 * Out of the page: "Download as ONNX" gives a file ONNX Runtime runs with the Q-values of the downloaded
 * model, and "Record flight" gives a video and a GIF of one greedy episode with a frame per step (and the
 * reset state) at 50 fps, named for the model, the seed and the return. The files are checked in Node:
 * ONNX Runtime (onnxruntime-web's WebAssembly build) for the model, ffprobe (Debian's ffmpeg) for the media,
 * and the same episode flown again in Node from the downloaded weights for the steps and the return.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-web';
import type { Download, Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { readModelFiles } from '../../src/agent/model/modelFormat';
import { flatWeights, PlainForward } from '../../src/agent/qNetwork';
import type { Config } from '../../src/config/hyperparameters';
import { recordFlight } from '../../src/train/host/recordedFlight';
import { envOptions } from '../../src/train/loop/evaluation';
import { chromiumForThisFile, openIn } from './harness';

const browser = chromiumForThisFile();
const files = mkdtempSync(join(tmpdir(), 'lander-lab-export-'));
afterAll(() => rmSync(files, { recursive: true, force: true }));

/** Waits for the downloads whose names match `patterns` while `act` runs; saves each, returns their paths. */
async function downloads(page: Page, patterns: RegExp[], act: () => Promise<void>, timeout = 30_000) {
  const waiting: Promise<Download>[] = patterns.map((p) =>
    page.waitForEvent('download', { predicate: (d) => p.test(d.suggestedFilename()), timeout }),
  );
  await act();
  return Promise.all(
    (await Promise.all(waiting)).map(async (d) => {
      const path = join(files, d.suggestedFilename());
      await d.saveAs(path);
      return path;
    }),
  );
}

/** The page's current network, read from its "Download model" files. */
async function currentModel(page: Page) {
  const [json, bin] = await downloads(page, [/\.json$/, /\.bin$/], () =>
    page.getByRole('button', { name: 'Download model' }).click(),
  );
  const weights = readFileSync(bin);
  const checked = await readModelFiles(
    readFileSync(json, 'utf8'),
    weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength),
    { inputs: 8, actions: 4 },
  );
  const flat = flatWeights(checked.model);
  const units = checked.model.layers.map((l) => l.outputShape[1] as number);
  checked.model.dispose();
  const shape = { inputs: 8, hidden1: units[0], hidden2: units[1], actions: 4 };
  return { shape, flat, config: checked.metadata.config as Config };
}

interface Probe {
  streams: { codec_name: string; width: number; height: number; nb_read_frames: string }[];
  format: { duration: string };
}

function ffprobe(path: string): Probe {
  let out: string;
  try {
    out = execFileSync(
      'ffprobe',
      [
        '-v',
        'error',
        '-count_frames',
        '-select_streams',
        'v:0',
        '-show_entries',
        'stream=codec_name,width,height,nb_read_frames:format=duration',
        '-of',
        'json',
        path,
      ],
      { encoding: 'utf8' },
    );
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') {
      throw new Error('ffprobe checks the recorded media: apt-get install ffmpeg (.ci/run does)');
    }
    throw e;
  }
  return JSON.parse(out) as Probe;
}

describe('out of the page', () => {
  it('downloads the current network as ONNX, which ONNX Runtime runs with the downloaded model’s Q-values', async () => {
    const { page, errors } = await openIn(
      await browser().newPage({ viewport: { width: 1300, height: 900 }, acceptDownloads: true }),
    );
    const { shape, flat } = await currentModel(page);
    const [onnx] = await downloads(page, [/^lunar-lander-dqn\.onnx$/], () =>
      page.getByRole('button', { name: 'Download as ONNX' }).click(),
    );
    ort.env.wasm.numThreads = 1;
    const session = await ort.InferenceSession.create(new Uint8Array(readFileSync(onnx)), {
      executionProviders: ['wasm'],
    });
    const states = Float32Array.from({ length: 6 * 8 }, (_, i) => Math.cos(i * 0.91) * 1.3);
    const q = (await session.run({ state: new ort.Tensor('float32', states, [6, 8]) })).q_values
      .data as Float32Array;
    await session.release();
    const plain = new PlainForward(shape);
    plain.loadFlat(flat);
    for (let i = 0; i < 6; i++) {
      const expected = plain.forward(states, i * 8);
      for (let a = 0; a < 4; a++) expect(Math.abs(q[i * 4 + a] - expected[a])).toBeLessThan(1e-5);
    }
    // The best model's ONNX waits for a greedy evaluation, as its Layers files do.
    await expect
      .poll(() => page.getByRole('option', { name: 'the best evaluation’s' }).isDisabled())
      .toBe(true);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('records a flight as a video and a GIF: a frame per step and the reset, at 50 fps, named for model, seed and return', async () => {
    const { page, errors } = await openIn(
      await browser().newPage({ viewport: { width: 1300, height: 900 }, acceptDownloads: true }),
    );
    const { shape, flat, config } = await currentModel(page);
    // The same episode, flown in Node from the downloaded weights (training has not started: they stay).
    const expected = recordFlight({ source: 'current', shape, weights: flat }, envOptions(config), 7);
    const r = Math.round(expected.return);
    const name = `lunar-lander-current-seed-7-return-${r < 0 ? `minus-${-r}` : r}`;

    await page.getByLabel('Flight seed').fill('7');
    const [video, gif] = await downloads(
      page,
      [/\.(webm|mp4)$/, /\.gif$/],
      () => page.getByRole('button', { name: 'Record flight' }).click(),
      120_000,
    );
    expect(video).toMatch(new RegExp(`/${name}\\.(webm|mp4)$`));
    expect(gif).toMatch(new RegExp(`/${name}\\.gif$`));
    const frames = expected.steps + 1;

    const v = ffprobe(video);
    expect(['h264', 'vp9', 'vp8']).toContain(v.streams[0].codec_name);
    expect(v.streams[0]).toMatchObject({ width: 600, height: 400 });
    expect(Number(v.streams[0].nb_read_frames)).toBe(frames);
    expect(Math.abs(Number(v.format.duration) - frames / 50)).toBeLessThan(0.5 / 50);

    const g = ffprobe(gif);
    expect(g.streams[0]).toMatchObject({ codec_name: 'gif', width: 360, height: 240 });
    expect(Number(g.streams[0].nb_read_frames)).toBe(frames);
    expect(Math.abs(Number(g.format.duration) - frames / 50)).toBeLessThan(0.5 / 50);

    await expect
      .poll(() => page.getByRole('region', { name: 'Export and record' }).textContent())
      .toContain(`in ${expected.steps} steps, ${frames} frames at 50 fps`);
    expect(errors).toEqual([]);
    await page.close();
  });
});
