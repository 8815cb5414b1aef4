/** The part of gifenc (https://github.com/mattdesl/gifenc, which ships no types) the GIF recording uses. */
declare module 'gifenc' {
  export type Palette = number[][];
  export function quantize(rgba: Uint8Array | Uint8ClampedArray, maxColors: number): Palette;
  export function applyPalette(rgba: Uint8Array | Uint8ClampedArray, palette: Palette): Uint8Array;
  export interface FrameOptions {
    palette?: Palette;
    /** Milliseconds; the file holds hundredths of a second. */
    delay?: number;
    transparent?: boolean;
    transparentIndex?: number;
    /** GIF disposal method: 1 leaves the frame in place for the next to draw over. */
    dispose?: number;
    /** -1 once, 0 forever, n times. */
    repeat?: number;
  }
  export interface Encoder {
    writeFrame(index: Uint8Array, width: number, height: number, options?: FrameOptions): void;
    finish(): void;
    bytes(): Uint8Array<ArrayBuffer>;
  }
  export function GIFEncoder(): Encoder;
}
