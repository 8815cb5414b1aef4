/**
 * A trained lander in a link (train/runs/modelLink.ts): what goes in comes out (the settings exactly, the
 * weights within half a step of their tensor's 16-bit scale), the lab's network fits in a 16 KB address and
 * flies as the original does, a network too big for a link is refused with a sentence, and so is every
 * damaged or foreign fragment.
 */
import { readFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { modelFiles } from '../../../src/agent/model/modelFormat';
import { parameterCount } from '../../../src/agent/networkShape';
import { argmax, PlainForward } from '../../../src/agent/plainForward';
import { buildQNetwork, flatWeights, initialWeights } from '../../../src/agent/qNetwork';
import { defaultConfig, SPECS } from '../../../src/config/hyperparameters';
import type { Config } from '../../../src/config/hyperparameters';
import { PRESETS } from '../../../src/config/presets';
import { LunarLander } from '../../../src/env/lunarLander';
import type { DiscreteAction } from '../../../src/env/types';
import { EVAL_SEED_BASE } from '../../../src/train/loop/evaluation';
import {
  fromBase64Url,
  INFO_KEYS,
  makeModelLink,
  MAX_LINK_CHARS,
  readModelLink,
  shapeOf,
  sharedFromModelFiles,
  toBase64Url,
} from '../../../src/train/runs/modelLink';
import type { SharedModel } from '../../../src/train/runs/modelLink';

const BASE = 'https://example.org/lander-lab/';
const fixture = (name: string) => new URL(`../../fixtures/models/${name}`, import.meta.url);
const trained = (): SharedModel =>
  sharedFromModelFiles(
    readFileSync(fixture('lab-seed0-best.json'), 'utf8'),
    new Uint8Array(readFileSync(fixture('lab-seed0-best.weights.bin'))).buffer,
  );

function modelOf(config: Config, seed = 3): SharedModel {
  return {
    config,
    weights: initialWeights(shapeOf(config), seed),
    which: 'latest',
    episodes: null,
    evaluation: null,
  };
}

async function linkOf(model: SharedModel): Promise<string> {
  const made = await makeModelLink(model, BASE);
  if (!made.ok) throw new Error(made.reason);
  return made.link;
}

async function read(link: string): Promise<SharedModel> {
  const result = await readModelLink(new URL(link).hash);
  if (result.kind !== 'model') throw new Error(JSON.stringify(result));
  return result.model;
}

/** The largest error 16-bit fixed point per tensor may make: half of a step, the tensor's max |w| / 32767. */
function withinHalfAStep(original: Float32Array, decoded: Float32Array, config: Config): void {
  const { inputs, hidden1, hidden2, actions } = shapeOf(config);
  let at = 0;
  for (const size of [inputs * hidden1, hidden1, hidden1 * hidden2, hidden2, hidden2 * actions, actions]) {
    const part = original.subarray(at, at + size);
    const step = part.reduce((m, w) => Math.max(m, Math.abs(w)), 0) / 32767;
    for (let i = at; i < at + size; i++)
      expect(Math.abs(decoded[i] - original[i])).toBeLessThanOrEqual(
        step * 0.5 * (1 + 1e-6) + Math.abs(original[i]) * 2 ** -23,
      );
    at += size;
  }
}

describe('a model link', () => {
  it('carries the settings exactly, what the model is, and the weights within half a 16-bit step', async () => {
    const model = trained();
    expect(model.which).toBe('best');
    expect(model.episodes).toBe(575);
    const config = {
      ...PRESETS.fast.config,
      gamma: 0.98,
      seed: 11,
      enableWind: true,
      loss: 'huber' as const,
    };
    const shared = { ...model, config: { ...config, hidden1: 64, hidden2: 64 } };
    const link = await linkOf(shared);
    expect(link.startsWith(`${BASE}?mode=fly#model=v1.`)).toBe(true);
    const back = await read(link);
    expect(back.config).toEqual(shared.config);
    expect(back.which).toBe('best');
    expect(back.episodes).toBe(575);
    expect(back.evaluation).toEqual(model.evaluation);
    expect(back.evaluation).toMatchObject({ episode: 575, episodes: 10, landingRate: 1 });
    withinHalfAStep(model.weights, back.weights, shared.config);
  });

  it('round-trips other shapes and a model with nothing known of it, and a network of zeros', async () => {
    const config = { ...defaultConfig(), hidden1: 5, hidden2: 300 };
    const model = modelOf(config);
    const back = await read(await linkOf(model));
    expect(back).toMatchObject({ which: 'latest', episodes: null, evaluation: null, config });
    withinHalfAStep(model.weights, back.weights, config);
    const zeros = {
      ...modelOf(defaultConfig()),
      weights: new Float32Array(parameterCount(shapeOf(defaultConfig()))),
    };
    expect(Array.from((await read(await linkOf(zeros))).weights).every((w) => w === 0)).toBe(true);
  });

  it('fits the lab’s trained 8-64-64-4 network in a 16 KB address', async () => {
    const link = await linkOf(trained());
    // Measured: 13,120 characters for this network, 13,1xx for a freshly initialised one.
    expect(link.length).toBeLessThanOrEqual(MAX_LINK_CHARS);
    expect(link.length).toBeLessThan(13_500);
    expect((await linkOf(modelOf(defaultConfig()))).length).toBeLessThanOrEqual(MAX_LINK_CHARS);
  });

  it('flies the trained network’s greedy policy: the same action in 99.8% of the states it visits or more', async () => {
    const original = trained();
    const decoded = await read(await linkOf(original));
    const shape = shapeOf(original.config);
    const a = new PlainForward(shape);
    a.loadFlat(original.weights);
    const b = new PlainForward(shape);
    b.loadFlat(decoded.weights);
    let states = 0;
    let agree = 0;
    const fly = (net: PlainForward, seed: number, count: boolean): number => {
      const env = new LunarLander();
      let observation = env.reset(seed).observation;
      let total = 0;
      for (;;) {
        const action = argmax(net.forward(observation)) as DiscreteAction;
        if (count) {
          states++;
          if (argmax(b.forward(observation)) === action) agree++;
        }
        const step = env.step(action);
        total += step.reward;
        observation = step.observation;
        if (step.terminated || step.truncated) return total;
      }
    };
    // The 10 evaluation moons and 10 beyond them.
    const returns = { original: 0, decoded: 0 };
    const same: number[] = [];
    for (let k = 0; k < 20; k++) {
      const r = fly(a, EVAL_SEED_BASE + k, true);
      const s = fly(b, EVAL_SEED_BASE + k, false);
      returns.original += r / 20;
      returns.decoded += s / 20;
      if (r === s) same.push(k);
    }
    // Measured: 10,853 of 10,866 states (99.88%); the same episode, step for step, on 12 of the 20 moons
    // (7 of the 10 evaluation moons: one near-tie flipped sends the lander elsewhere); mean return 198.9
    // against the original's 196.9.
    expect(agree / states).toBeGreaterThan(0.998);
    expect(same.length).toBeGreaterThanOrEqual(8);
    expect(Math.abs(returns.decoded - returns.original)).toBeLessThan(10);
  });

  it('is refused, with a sentence, for a network too big for 16 KB; it names the size and the way out', async () => {
    const config = { ...defaultConfig(), hidden1: 512, hidden2: 512 };
    const made = await makeModelLink(modelOf(config), BASE);
    expect(made.ok).toBe(false);
    if (made.ok) return;
    expect(made.reason).toMatch(
      /^its 512-512 network \(269,316 weights\) needs a link of [\d,]+ characters, and a link holds at most 16,384: download the model files/,
    );
  });

  it('is refused for weights that are not numbers, or too few for the network', async () => {
    const model = modelOf(defaultConfig());
    model.weights[7] = NaN;
    expect(await makeModelLink(model, BASE)).toEqual({
      ok: false,
      reason: 'its weights hold NaN or infinite values (saved from a diverged run?)',
    });
    expect(await makeModelLink({ ...model, weights: new Float32Array(3) }, BASE)).toMatchObject({
      ok: false,
    });
  });

  it('is read from this page’s own model files, weights in the order the network holds them', async () => {
    const model = buildQNetwork({ inputs: 8, hidden1: 6, hidden2: 7, actions: 4 }, 5);
    const config = { ...defaultConfig(), hidden1: 6, hidden2: 7 };
    const files = await modelFiles(model, 'w.bin', {
      which: 'latest',
      config,
      episodes: 12,
      evaluation: null,
    });
    const shared = sharedFromModelFiles(files.json, files.weights);
    expect(shared.weights).toEqual(flatWeights(model));
    expect(shared).toMatchObject({ which: 'latest', episodes: 12, evaluation: null, config });
    model.dispose();
    expect(() => sharedFromModelFiles(files.json, new ArrayBuffer(8))).toThrow(
      /not those of a 6-7 Q-network/,
    );
  });
});

/** A link whose body is `body` (a header, then 0x00 and the weights) as format v1 frames it. */
const framed = (body: Uint8Array) => `#model=v1.${toBase64Url(deflateSync(body))}`;
const text = (s: string) => new TextEncoder().encode(s);
function bodyOf(header: string, weightBytes: number): Uint8Array {
  const h = text(header);
  const out = new Uint8Array(h.length + 1 + weightBytes);
  out.set(h);
  return out;
}
const LAB_WEIGHT_BYTES = 24 + 2 * parameterCount(shapeOf(defaultConfig()));

async function refusal(hash: string): Promise<string> {
  const result = await readModelLink(hash);
  if (result.kind !== 'refused') throw new Error(`not refused: ${result.kind}`);
  return result.reason;
}

describe('reading the address’s fragment', () => {
  it('finds nothing in an empty fragment', async () => {
    expect(await readModelLink('')).toEqual({ kind: 'none' });
    expect(await readModelLink('#')).toEqual({ kind: 'none' });
  });

  it('refuses a foreign fragment, an unknown format and a link too long, each in a sentence', async () => {
    expect(await refusal('#section-2')).toBe(
      'The address ends in “#section-2”, which is not a Lander Lab model link (those end in “#model=v1.…”).',
    );
    expect(await refusal('#model=v2.AAAA')).toBe(
      'This model link is in format v2, which this page cannot read (it reads v1); it may come from a newer Lander Lab.',
    );
    expect(await refusal('#model=AAAA')).toMatch(
      /^This model link is damaged: it does not begin with a format/,
    );
    expect(await refusal(`#model=v1.${'A'.repeat(MAX_LINK_CHARS)}`)).toMatch(
      /^This model link is [\d,]+ characters long; a Lander Lab model link is at most 16,384\.$/,
    );
  });

  it('refuses a link cut short, with a character changed, or with characters base64url lacks', async () => {
    const link = new URL(await linkOf(trained())).hash;
    const damaged = /^This model link is damaged: .* \(was it cut short or changed when it was copied\?\)\.$/;
    expect(await refusal(link.slice(0, -100))).toMatch(damaged);
    expect(await refusal(link.slice(0, 1000))).toMatch(damaged);
    const middle = 5000;
    const changed = link.slice(0, middle) + (link[middle] === 'A' ? 'B' : 'A') + link.slice(middle + 1);
    expect(await refusal(changed)).toMatch(/does not unpack, or fails its checksum/);
    expect(await refusal(`${link.slice(0, 50)}+/=${link.slice(53)}`)).toMatch(
      /characters that base64url does not use/,
    );
  });

  it('refuses a body that says too little or too much, naming what', async () => {
    expect(await refusal(framed(text('which=latest')))).toMatch(/no description of the model/);
    expect(await refusal(framed(bodyOf('which=worst', LAB_WEIGHT_BYTES)))).toMatch(/latest or the best/);
    expect(await refusal(framed(bodyOf('which=best&trained=-4', LAB_WEIGHT_BYTES)))).toMatch(
      /“trained” is not a whole number/,
    );
    expect(await refusal(framed(bodyOf('which=best&evalMean=3', LAB_WEIGHT_BYTES)))).toMatch(
      /evaluation is incomplete/,
    );
    expect(await refusal(framed(bodyOf('which=best&which=latest', LAB_WEIGHT_BYTES)))).toMatch(
      /“which” appears more than once/,
    );
    expect(await refusal(framed(bodyOf('which=best', LAB_WEIGHT_BYTES - 2)))).toMatch(
      /its 64-64 network needs 10,016 bytes of weights, and it holds 10,014/,
    );
    // The scales are zero here: no weight can be made of them.
    expect(await refusal(framed(bodyOf('which=best', LAB_WEIGHT_BYTES)))).toMatch(
      /scale of its weights is not a positive number/,
    );
    expect(await refusal(framed(new Uint8Array(2 * 1024 * 1024)))).toMatch(
      /unpacks to more than 1,048,576 bytes/,
    );
  });

  it('keeps what the model is apart from the settings: no header key is a setting', () => {
    for (const key of INFO_KEYS) expect(SPECS.has(key)).toBe(false);
  });

  it('refuses settings the table refuses, naming them', async () => {
    expect(await refusal(framed(bodyOf('which=best&gamma=7&warp=9', LAB_WEIGHT_BYTES)))).toMatch(
      /^This model link’s settings cannot be used: .*unknown setting “warp”/,
    );
  });
});

describe('base64url', () => {
  it('round-trips every length, and refuses what is not it', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 255);
      const encoded = toBase64Url(bytes);
      expect(encoded).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64Url(encoded)).toEqual(bytes);
    }
    expect(fromBase64Url('A')).toBeNull();
    expect(fromBase64Url('AB=C')).toBeNull();
  });
});
