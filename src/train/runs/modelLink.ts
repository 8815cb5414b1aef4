/**
 * A trained lander in a link: the settings it trained with and its Q-network's weights in the address's
 * fragment (`?mode=fly#model=v1.…`), which browsers never send to a server. The flight page flies it, and
 * training can go on from it.
 *
 * Format v1, the fragment `model=v1.` + base64url (no padding) of the zlib ('deflate') stream of:
 *
 *   header   UTF-8 text in the address's own form: what the model is (`which`, `trained` episodes, its greedy
 *            evaluation `evalAfter`, `evalFlown`, `evalMean`, `evalLanded`) and the settings, written
 *            by the hyperparameter table's codec (config/urlState.ts) as the address's query writes them
 *   0x00
 *   scales   one float32 per weight tensor (W1, b1, W2, b2, W3, b3), little-endian
 *   weights  one int16 per weight, little-endian, in the Layers order: weight = int16 × its tensor's scale,
 *            where the scale is the tensor's largest |weight| / 32767
 *
 * Sixteen-bit fixed point per tensor, because float32 noise hardly compresses (the lab's 8-64-64-4
 * network's 19,984 bytes deflate to ~18,600, a 25 KB address) while 16 bits halve it and keep the policy:
 * the decoded network picks the original's greedy action in 99.9% of the states the original visits (float16
 * managed 99.3% at the same size). zlib's Adler-32 checksum catches a link damaged in copying. The network's
 * shape is the settings' hidden1 and hidden2 (LunarLander fixes 8 inputs and 4 actions).
 *
 * No DOM and no TensorFlow.js: the page makes and reads links; CompressionStream is in browsers, workers and
 * Node ≥ 18.
 */
import type { Config } from '../../config/hyperparameters';
import { fromSearchParams, toSearchParams } from '../../config/urlState';
import { validateConfig } from '../../config/validate';
import { parameterCount } from '../../agent/networkShape';
import type { NetworkShape } from '../../agent/networkShape';

/** The fragment's key, and the one format this page writes and reads. */
export const LINK_KEY = 'model';
export const LINK_VERSION = 'v1';
/** The whole address a link may take: what chat apps and browsers' address bars carry without trouble. */
export const MAX_LINK_CHARS = 16 * 1024;
/** The decompressed body is refused beyond this (a small link can inflate to megabytes). */
const MAX_BODY_BYTES = 1024 * 1024;
const MAX_HEADER_BYTES = 4096;
const LEVELS = 32767;
const MAX_WEIGHT = 1e30;
const MIN_SCALE = 2 ** -126;
const TENSORS = 6;

/** What the link says a model is, besides its settings and weights. */
export interface SharedModel {
  /** The settings it trained with; hidden1 and hidden2 are its layer sizes. */
  config: Config;
  /** One flat array in the Layers order (kernel, bias, per layer). */
  weights: Float32Array;
  /** The run's latest weights, or those of its best greedy evaluation. */
  which: 'latest' | 'best';
  /** The training episodes it had, when known. */
  episodes: number | null;
  /** Its greedy evaluation (for the latest, the run's last one), when it had one. */
  evaluation: LinkedEvaluation | null;
}

export interface LinkedEvaluation {
  /** The training episode after which it ran. */
  episode: number;
  /** How many greedy episodes it flew. */
  episodes: number;
  mean: number;
  /** Share of them that landed, in [0, 1]. */
  landingRate: number;
}

export type MadeLink = { ok: true; link: string; fragment: string } | { ok: false; reason: string };
export type ReadLink =
  | { kind: 'none' }
  | { kind: 'model'; model: SharedModel }
  /** One sentence for the page. */
  | { kind: 'refused'; reason: string };

/** The header's keys beside the settings': none of them is a setting's key (a test holds them apart). */
export const INFO_KEYS = ['which', 'trained', 'evalAfter', 'evalFlown', 'evalMean', 'evalLanded'];
const EVAL_KEYS = INFO_KEYS.slice(2);

export const shapeOf = (config: Pick<Config, 'hidden1' | 'hidden2'>): NetworkShape => ({
  inputs: 8,
  hidden1: config.hidden1,
  hidden2: config.hidden2,
  actions: 4,
});

/** The sizes of W1, b1, W2, b2, W3, b3. */
function tensorSizes({ inputs, hidden1, hidden2, actions }: NetworkShape): number[] {
  return [inputs * hidden1, hidden1, hidden1 * hidden2, hidden2, hidden2 * actions, actions];
}

const count = (n: number) => n.toLocaleString('en-US');

/**
 * The link that flies `model` from the page at `base` (its origin and path), or why there is none: a
 * network too big for a link, or weights that are not finite numbers.
 */
export async function makeModelLink(model: SharedModel, base: string): Promise<MadeLink> {
  const shape = shapeOf(model.config);
  const network = `${shape.hidden1}-${shape.hidden2}`;
  const n = parameterCount(shape);
  if (model.weights.length !== n)
    return { ok: false, reason: `${model.weights.length} weights do not make a ${network} network` };
  if (!model.weights.every(Number.isFinite))
    return { ok: false, reason: 'its weights hold NaN or infinite values (saved from a diverged run?)' };
  // Beyond this, the largest weight's 32,767 steps would round to infinity in float32.
  if (model.weights.some((w) => Math.abs(w) > MAX_WEIGHT))
    return {
      ok: false,
      reason: 'its weights are too large for a link (beyond 10^30: saved from a diverged run?)',
    };
  const header = new TextEncoder().encode(infoParams(model).toString());
  const body = new Uint8Array(header.length + 1 + 4 * TENSORS + 2 * n);
  body.set(header);
  const view = new DataView(body.buffer);
  let at = header.length + 1;
  let weight = 0;
  let int = at + 4 * TENSORS;
  for (const size of tensorSizes(shape)) {
    let largest = 0;
    for (let i = weight; i < weight + size; i++) largest = Math.max(largest, Math.abs(model.weights[i]));
    // At least float32's smallest normal number, so that a tensor of (near) zeros has a usable scale.
    const scale = Math.max(Math.fround(largest / LEVELS), MIN_SCALE);
    view.setFloat32(at, scale, true);
    at += 4;
    for (let i = weight; i < weight + size; i++, int += 2) {
      const q = Math.round(model.weights[i] / scale);
      view.setInt16(int, Math.max(-LEVELS, Math.min(LEVELS, q)), true);
    }
    weight += size;
  }
  const fragment = `${LINK_KEY}=${LINK_VERSION}.${toBase64Url(await squeeze(body, 'compress'))}`;
  const link = `${base}?mode=fly#${fragment}`;
  if (link.length > MAX_LINK_CHARS) {
    return {
      ok: false,
      reason:
        `its ${network} network (${count(n)} weights) needs a link of ${count(link.length)} characters, ` +
        `and a link holds at most ${count(MAX_LINK_CHARS)}: download the model files to share it instead`,
    };
  }
  return { ok: true, link, fragment };
}

function infoParams(model: SharedModel): URLSearchParams {
  const params = new URLSearchParams([['which', model.which]]);
  if (model.episodes !== null) params.set('trained', String(model.episodes));
  const e = model.evaluation;
  if (e) {
    params.set('evalAfter', String(e.episode));
    params.set('evalFlown', String(e.episodes));
    params.set('evalMean', String(e.mean));
    params.set('evalLanded', String(e.landingRate));
  }
  for (const [key, value] of toSearchParams(model.config)) params.set(key, value);
  return params;
}

/**
 * Reads the address's fragment (`location.hash`, with or without its '#'): nothing, a model, or a
 * sentence saying why it cannot be flown. Never throws.
 */
export async function readModelLink(hash: string): Promise<ReadLink> {
  const fragment = hash.startsWith('#') ? hash.slice(1) : hash;
  if (fragment === '') return { kind: 'none' };
  const refuse = (reason: string): ReadLink => ({ kind: 'refused', reason });
  const damaged = (what: string) =>
    refuse(`This model link is damaged: ${what} (was it cut short or changed when it was copied?).`);
  const prefix = `${LINK_KEY}=`;
  if (!fragment.startsWith(prefix)) {
    const shown = fragment.length > 40 ? `${fragment.slice(0, 40)}…` : fragment;
    return refuse(
      `The address ends in “#${shown}”, which is not a Lander Lab model link (those end in “#${prefix}${LINK_VERSION}.…”).`,
    );
  }
  if (fragment.length > MAX_LINK_CHARS) {
    return refuse(
      `This model link is ${count(fragment.length)} characters long; a Lander Lab model link is at most ${count(MAX_LINK_CHARS)}.`,
    );
  }
  const token = fragment.slice(prefix.length);
  const version = /^(v\d{1,6})\./.exec(token)?.[1];
  if (version === undefined) return damaged(`it does not begin with a format such as “${LINK_VERSION}.”`);
  if (version !== LINK_VERSION) {
    return refuse(
      `This model link is in format ${version}, which this page cannot read (it reads ${LINK_VERSION}); it may come from a newer Lander Lab.`,
    );
  }
  const bytes = fromBase64Url(token.slice(version.length + 1));
  if (!bytes) return damaged('it holds characters that base64url does not use, or a partial one');
  let body: Uint8Array;
  try {
    body = await squeeze(bytes, 'decompress');
  } catch (e) {
    return e instanceof TooLarge
      ? damaged(`its data unpacks to more than ${count(MAX_BODY_BYTES)} bytes`)
      : damaged('its data does not unpack, or fails its checksum');
  }
  const result = parseBody(body);
  return typeof result === 'string' ? refuse(result) : { kind: 'model', model: result };
}

/** The model in a decompressed body, or the sentence that refuses it. */
function parseBody(body: Uint8Array): SharedModel | string {
  const damaged = (what: string) =>
    `This model link is damaged: ${what} (was it cut short or changed when it was copied?).`;
  const end = body.indexOf(0);
  if (end < 0 || end > MAX_HEADER_BYTES) return damaged('it has no description of the model');
  let header: string;
  try {
    header = new TextDecoder('utf-8', { fatal: true }).decode(body.subarray(0, end));
  } catch {
    return damaged('its description is not text');
  }
  const params = new URLSearchParams(header);
  const info = readInfo(params);
  if (typeof info === 'string') return damaged(info);
  const settings = fromSearchParams(params, INFO_KEYS);
  if (!settings.ok) {
    const named = settings.errors.slice(0, 3).map((e) => e.message);
    if (settings.errors.length > 3) named.push(`and ${settings.errors.length - 3} more`);
    return `This model link’s settings cannot be used: ${named.join('; ')}.`;
  }
  const config = settings.value;
  const shape = shapeOf(config);
  const n = parameterCount(shape);
  const expected = 4 * TENSORS + 2 * n;
  const held = body.length - end - 1;
  if (held !== expected) {
    return damaged(
      `its ${shape.hidden1}-${shape.hidden2} network needs ${count(expected)} bytes of weights, and it holds ${count(held)}`,
    );
  }
  const view = new DataView(body.buffer, body.byteOffset + end + 1, expected);
  const weights = new Float32Array(n);
  let weight = 0;
  let int = 4 * TENSORS;
  for (const [t, size] of tensorSizes(shape).entries()) {
    const scale = view.getFloat32(4 * t, true);
    if (!(Number.isFinite(scale) && scale > 0))
      return damaged('a scale of its weights is not a positive number');
    for (let i = 0; i < size; i++, int += 2) weights[weight++] = view.getInt16(int, true) * scale;
  }
  if (!weights.every(Number.isFinite)) return damaged('its weights are too large to be numbers');
  return { config, weights, ...info };
}

type Info = Pick<SharedModel, 'which' | 'episodes' | 'evaluation'>;

/** What the header says of the model, or what is wrong with it. */
function readInfo(params: URLSearchParams): Info | string {
  for (const key of INFO_KEYS) if (params.getAll(key).length > 1) return `“${key}” appears more than once`;
  const which = params.get('which');
  if (which !== 'latest' && which !== 'best')
    return 'it does not say whether it is the latest or the best model';
  const whole = (key: string, least: number): number | null | string => {
    const text = params.get(key);
    if (text === null) return null;
    const n = /^\d{1,12}$/.test(text) ? Number(text) : NaN;
    return n >= least ? n : `its “${key}” is not a whole number from ${least}`;
  };
  const episodes = whole('trained', 0);
  if (typeof episodes === 'string') return episodes;
  const given = EVAL_KEYS.filter((k) => params.has(k));
  if (given.length === 0) return { which, episodes, evaluation: null };
  if (given.length < EVAL_KEYS.length) return 'its evaluation is incomplete';
  const after = whole('evalAfter', 0);
  const flown = whole('evalFlown', 1);
  const mean = Number(params.get('evalMean'));
  const landed = Number(params.get('evalLanded'));
  if (typeof after === 'string' || typeof flown === 'string') return (after ?? flown) as string;
  if (params.get('evalMean') === '' || !Number.isFinite(mean)) return 'its evaluation’s mean is not a number';
  if (params.get('evalLanded') === '' || !(landed >= 0 && landed <= 1))
    return 'its evaluation’s landing rate is not a number from 0 to 1';
  return { which, episodes, evaluation: { episode: after!, episodes: flown!, mean, landingRate: landed } };
}

class TooLarge extends Error {}

/** Compresses, or decompresses (at most MAX_BODY_BYTES out), with zlib's format. */
async function squeeze(input: Uint8Array, way: 'compress' | 'decompress'): Promise<Uint8Array> {
  const stream = way === 'compress' ? new CompressionStream('deflate') : new DecompressionStream('deflate');
  const writer = stream.writable.getWriter();
  // Written without waiting: the reader below drains what the writer fills. Its failure is the reader's too.
  writer.write(input as Uint8Array<ArrayBuffer>).catch(() => {});
  writer.close().catch(() => {});
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (way === 'decompress' && total > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => {});
      throw new TooLarge();
    }
    chunks.push(value);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const INDEX = new Map([...ALPHABET].map((c, i) => [c, i]));

export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const n = (bytes[i] << 16) | ((bytes[i + 1] ?? 0) << 8) | (bytes[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((bytes.length - i) * 8) / 6));
    for (let k = 0; k < chars; k++) out += ALPHABET[(n >> (18 - 6 * k)) & 63];
  }
  return out;
}

/** The bytes of unpadded base64url text, or null when it is not that. */
export function fromBase64Url(text: string): Uint8Array | null {
  if (text.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((text.length * 6) / 8));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const c of text) {
    const v = INDEX.get(c);
    if (v === undefined) return null;
    value = ((value << 6) | v) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

/**
 * The model in this page's own model files (the trainer's latest or best, as `Download model` saves them):
 * its settings, evaluation and episodes from their metadata, its weights from the weights file, in the
 * order the manifest lists them. Throws an Error saying what is missing.
 */
export function sharedFromModelFiles(json: string, weights: ArrayBuffer): SharedModel {
  const parsed = JSON.parse(json) as {
    weightsManifest?: { weights?: { shape?: unknown; dtype?: unknown }[] }[];
    userDefinedMetadata?: Record<string, unknown>;
  };
  const meta = parsed.userDefinedMetadata ?? {};
  const checked = validateConfig(meta.config);
  if (!checked.ok) throw new Error('the model carries no usable settings');
  const config = checked.value;
  const shape = shapeOf(config);
  const listed = (parsed.weightsManifest ?? []).flatMap((g) => g.weights ?? []);
  const expected = [
    [shape.inputs, shape.hidden1],
    [shape.hidden1],
    [shape.hidden1, shape.hidden2],
    [shape.hidden2],
    [shape.hidden2, shape.actions],
    [shape.actions],
  ];
  const same =
    listed.length === expected.length &&
    listed.every((w, i) => w.dtype === 'float32' && JSON.stringify(w.shape) === JSON.stringify(expected[i]));
  if (!same || weights.byteLength !== 4 * parameterCount(shape))
    throw new Error(`its weights are not those of a ${shape.hidden1}-${shape.hidden2} Q-network`);
  const episodes = meta.episodes;
  const e = meta.evaluation as Partial<LinkedEvaluation> | null | undefined;
  const evaluation =
    e &&
    [e.episode, e.episodes].every(Number.isSafeInteger) &&
    e.episodes! >= 1 &&
    e.episode! >= 0 &&
    [e.mean, e.landingRate].every(Number.isFinite)
      ? { episode: e.episode!, episodes: e.episodes!, mean: e.mean!, landingRate: e.landingRate! }
      : null;
  return {
    config,
    weights: new Float32Array(weights.slice(0)),
    which: meta.which === 'best' ? 'best' : 'latest',
    episodes: Number.isSafeInteger(episodes) && (episodes as number) >= 0 ? (episodes as number) : null,
    evaluation,
  };
}
