/**
 * A recorded flight (train/host/recordedFlight.ts) as a video and as an animated GIF, each frame drawn by
 * the lander view's own drawLander at the env's 50 frames per second: frame k is the lander after k steps
 * (frame 0 as reset), so an episode of n steps gives n + 1 frames and lasts (n + 1) / 50 s.
 *
 * The video is VP9 in WebM where the browser's WebCodecs VideoEncoder has it, else H.264 in MP4, else VP8
 * in WebM, muxed by mediabunny (VP9 first: on these flat drawn colours Chromium's H.264 encoder leaves
 * specks along the lander's trail at any bitrate asked of it); the GIF is made by gifenc. Both libraries load on the first recording, not with
 * the page.
 */
import type { RecordedFlight } from '../../train/host/protocol';
import { drawLander } from '../shared/drawLander';

/** The env's frame rate (Gymnasium's `render_fps` for LunarLander). */
export const FPS = 50;
/** Gymnasium's own render size for LunarLander (VIEWPORT_W × VIEWPORT_H), even for H.264. */
export const VIDEO_SIZE = { width: 600, height: 400 } as const;
/** Smaller, for places that take a GIF: a tenth of the pixels' bytes at the same shape. */
export const GIF_SIZE = { width: 360, height: 240 } as const;

export interface Video {
  data: ArrayBuffer;
  /** "mp4" or "webm". */
  extension: string;
  mimeType: string;
  /** The codec as people name it: H.264, VP9, VP8. */
  codec: string;
}

/** Told how far an encoding has come: frames done of all. */
export type OnProgress = (done: number, total: number) => void;

const CODEC_NAMES: Record<string, string> = { avc: 'H.264', vp9: 'VP9', vp8: 'VP8' };

function canvasOf(size: { width: number; height: number }): CanvasRenderingContext2D {
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  return canvas.getContext('2d', { willReadFrequently: true })!;
}

/** The flight as a video at 50 fps; throws saying so where the browser can encode none of the codecs. */
export async function encodeVideo(flight: RecordedFlight, onProgress: OnProgress = () => {}): Promise<Video> {
  const mb = await import('mediabunny');
  const { width, height } = VIDEO_SIZE;
  const codec = await mb.getFirstEncodableVideoCodec(['vp9', 'avc', 'vp8'], { width, height });
  if (!codec) {
    throw new Error('this browser cannot encode video (its VideoEncoder has none of VP9, H.264 and VP8)');
  }
  const format =
    codec === 'avc' ? new mb.Mp4OutputFormat({ fastStart: 'in-memory' }) : new mb.WebMOutputFormat();
  const target = new mb.BufferTarget();
  const output = new mb.Output({ format, target });
  const ctx = canvasOf(VIDEO_SIZE);
  const source = new mb.CanvasSource(ctx.canvas, { codec, quality: new mb.Quality('high') });
  output.addVideoTrack(source, { frameRate: FPS });
  await output.start();
  const { frames } = flight;
  for (let i = 0; i < frames.length; i++) {
    drawLander(ctx, frames[i], width, height, 1);
    // Awaited: the encoder's back-pressure keeps the frames in flight few.
    await source.add(i / FPS, 1 / FPS);
    if (i % 25 === 0) onProgress(i, frames.length);
  }
  await output.finalize();
  onProgress(frames.length, frames.length);
  return {
    data: target.buffer!,
    extension: format.fileExtension.replace(/^\./, ''),
    mimeType: format.mimeType,
    codec: CODEC_NAMES[codec] ?? codec,
  };
}

/**
 * The flight as an animated GIF, every frame at 20 ms (GIF counts hundredths of a second, so 50 fps is
 * exact). One palette for all frames, from a sample of them with the engines firing; each frame after the
 * first keeps only the pixels that changed (the rest transparent over the last), so the still moon is
 * stored once and each further frame costs about a kilobyte.
 */
export async function encodeGif(
  flight: RecordedFlight,
  onProgress: OnProgress = () => {},
): Promise<Uint8Array<ArrayBuffer>> {
  const { GIFEncoder, applyPalette, quantize } = await import('gifenc');
  const { width, height } = GIF_SIZE;
  const ctx = canvasOf(GIF_SIZE);
  const { frames } = flight;
  const pixels = (i: number) => {
    drawLander(ctx, frames[i], width, height, 1);
    return ctx.getImageData(0, 0, width, height).data;
  };
  const firing = frames.flatMap((f, i) => (f.mainPower > 0 || f.sidePower !== 0 ? [i] : []));
  const picks = [
    0,
    frames.length - 1,
    ...[0, 1, 2, 3, 4, 5].map((k) => firing[Math.floor((k * firing.length) / 6)]),
  ];
  const sample = [...new Set(picks.filter((i) => i !== undefined))];
  const all = new Uint8ClampedArray(sample.length * width * height * 4);
  sample.forEach((i, k) => all.set(pixels(i), k * width * height * 4));
  const colours = quantize(all, 255);
  // The next free index means "as in the frame before".
  const transparentIndex = colours.length;
  const palette = [...colours, [0, 0, 0]];

  const gif = GIFEncoder();
  let previous: Uint8Array | null = null;
  for (let i = 0; i < frames.length; i++) {
    const index = applyPalette(pixels(i), colours);
    const kept = index.slice();
    if (previous)
      for (let p = 0; p < index.length; p++) if (index[p] === previous[p]) index[p] = transparentIndex;
    gif.writeFrame(index, width, height, {
      ...(i === 0 ? { palette, repeat: 0 } : { transparent: true, transparentIndex }),
      delay: 1000 / FPS,
      dispose: 1,
    });
    previous = kept;
    if (i % 25 === 0) {
      onProgress(i, frames.length);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  gif.finish();
  onProgress(frames.length, frames.length);
  return gif.bytes();
}

/** "lunar-lander-best-seed-123-return-241", a negative return as "return-minus-87". */
export function flightFileName(flight: Pick<RecordedFlight, 'source' | 'seed' | 'return'>): string {
  const r = Math.round(flight.return);
  return `lunar-lander-${flight.source}-seed-${flight.seed}-return-${r < 0 ? `minus-${-r}` : r}`;
}
