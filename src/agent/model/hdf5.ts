/**
 * HDF5 through h5wasm (the HDF5 C library compiled to WebAssembly), loaded on first use only: a dynamic
 * import, so that it is a chunk of its own that neither the page nor the worker fetches until someone reads
 * or writes an HDF5 file. Files live in h5wasm's in-memory file system for the length of one call.
 */
import type * as H5 from 'h5wasm';
import { ModelFileError } from './modelTopology';

export type Hdf5 = typeof H5;
export type Hdf5File = H5.File;

/** What is used of Emscripten's in-memory file system. */
interface MemoryFs {
  writeFile(path: string, data: Uint8Array): void;
  readFile(path: string): Uint8Array;
  unlink(path: string): void;
  open(path: string, flags: string): { fd: number };
  close(stream: unknown): void;
  streams: unknown[];
}

/** Every HDF5 file starts with these 8 bytes (a Keras file has no user block before them). */
const SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];

let loading: Promise<{ h5: Hdf5; fs: MemoryFs }> | null = null;
let serial = 0;

function load(): Promise<{ h5: Hdf5; fs: MemoryFs }> {
  loading ??= import('h5wasm').then(async (h5) => {
    const module = await h5.ready;
    const fs = module.FS as unknown as MemoryFs;
    // HDF5 prints its error stack to stderr for every refused file; the refusal says what matters, so
    // stderr (fd 2) goes to /dev/null instead of the console.
    const stderr = fs.streams[2];
    if (stderr) fs.close(stderr);
    fs.open('/dev/null', 'w');
    return { h5, fs };
  });
  loading.catch(() => (loading = null));
  return loading;
}

export function isHdf5(bytes: Uint8Array): boolean {
  return bytes.length >= SIGNATURE.length && SIGNATURE.every((b, i) => bytes[i] === b);
}

/**
 * Why HDF5 could loop forever on a global heap collection of this file (where variable-length strings,
 * such as Keras's model_config, are kept), or null. HDF5 (2.0, as h5wasm builds it) walks a collection's
 * objects by their sizes, and an object of size 0 with index 0 does not move the walk on: a damaged size,
 * or a collection cut off by the end of the file (read past its end as zeros), then hangs it where no error
 * can stop it. So each collection (each "GCOL" in the file: HDF5 reads no other) is walked here first as
 * HDF5 would, with its 32-bit sizes, and a walk that would stand still or wrap is refused.
 */
export function globalHeapProblem(bytes: Uint8Array): string | null {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u32 = (at: number) => (at + 4 <= bytes.length ? view.getUint32(at, true) : 0);
  for (let at = bytes.indexOf(0x47); at >= 0; at = bytes.indexOf(0x47, at + 1)) {
    if (bytes[at + 1] !== 0x43 || bytes[at + 2] !== 0x4f || bytes[at + 3] !== 0x4c) continue; // "GCOL"
    // The collection's size (a 64-bit length, of which a 32-bit size_t keeps the low half).
    const size = u32(at + 8);
    let p = 16;
    while (p < size) {
      if (p + 16 > size) break;
      const index = (bytes[at + p] ?? 0) | ((bytes[at + p + 1] ?? 0) << 8);
      const objectSize = u32(at + p + 8);
      const need = index > 0 ? (16 + ((objectSize + 7) & ~7)) >>> 0 : objectSize;
      if (need === 0 || need >= 2 ** 31) {
        return at + p + 16 > bytes.length
          ? 'the file is cut short (its data runs past the end)'
          : 'its HDF5 structure is damaged (a global heap that cannot be read)';
      }
      p += need;
    }
  }
  return null;
}

/**
 * Opens `bytes` as an HDF5 file and hands it to `read`. A file HDF5 cannot open, or a failure inside HDF5
 * while reading it (a damaged structure), is a ModelFileError; `read`'s own ModelFileErrors pass as they are.
 */
export async function readHdf5<T>(bytes: Uint8Array, read: (file: Hdf5File) => T): Promise<T> {
  if (!isHdf5(bytes)) {
    throw new ModelFileError('it is not an HDF5 file (it does not start with the HDF5 signature)');
  }
  const heap = globalHeapProblem(bytes);
  if (heap) throw new ModelFileError(heap);
  const { h5, fs } = await load();
  const path = `/lander-lab-read-${serial++}.h5`;
  fs.writeFile(path, bytes);
  try {
    let file: Hdf5File;
    try {
      file = new h5.File(path, 'r');
    } catch {
      throw new ModelFileError('HDF5 cannot open it (a truncated or damaged file?)');
    }
    try {
      return read(file);
    } catch (e) {
      if (e instanceof ModelFileError) throw e;
      throw new ModelFileError('HDF5 cannot read its contents (a truncated or damaged file?)');
    } finally {
      try {
        file.close();
      } catch {
        // Closing a damaged file can fail too; the file system entry goes all the same.
      }
    }
  } finally {
    fs.unlink(path);
  }
}

/** A new HDF5 file written by `write`, as bytes. */
export async function writeHdf5(
  write: (file: Hdf5File) => void,
  options: H5.FileOptions = {},
): Promise<Uint8Array> {
  const { h5, fs } = await load();
  const path = `/lander-lab-write-${serial++}.h5`;
  try {
    const file = new h5.File(path, 'w', options);
    try {
      write(file);
    } finally {
      file.close();
    }
    return fs.readFile(path).slice();
  } finally {
    try {
      fs.unlink(path);
    } catch {
      // Never created: the error that stopped it is the one to report.
    }
  }
}
