/**
 * A model file as it arrives, in any format read here: the two TensorFlow.js Layers files, a legacy Keras
 * HDF5 file (kerasH5.ts) or a Keras 3 .keras file (kerasArchive.ts). Each is turned into the Layers files
 * that readModelFiles (modelFormat.ts) checks, so a model is checked the same way whatever it came as.
 */
import type { ModelFiles } from './modelFormat';

export type ModelFile =
  | { format: 'layers'; json: string; weights: ArrayBuffer }
  | { format: 'keras-h5'; bytes: ArrayBuffer }
  | { format: 'keras'; bytes: ArrayBuffer };

/** The Layers files of `source` (a Keras file is converted; a ModelFileError says why it cannot be). */
export async function layersOf(source: ModelFile): Promise<ModelFiles> {
  if (source.format === 'layers') return { json: source.json, weights: source.weights };
  // Loaded with HDF5 on first use, not with the worker (see hdf5.ts).
  if (source.format === 'keras') {
    const { layersFromKerasArchive } = await import('./kerasArchive');
    return layersFromKerasArchive(source.bytes);
  }
  const { layersFromKerasH5 } = await import('./kerasH5');
  return layersFromKerasH5(source.bytes);
}
