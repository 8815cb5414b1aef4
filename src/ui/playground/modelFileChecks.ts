/**
 * Checks on model files picked for loading, made before reading them: a huge file would freeze the page
 * long before it failed to parse.
 */
import { MAX_KERAS_FILE_BYTES, MAX_MODEL_JSON_BYTES, MAX_WEIGHTS_BYTES } from '../../agent/model/modelLimits';

/** What the page knows of a picked file without reading it. */
export interface SizedFile {
  name: string;
  size: number;
}

/** Why the pair is refused, or null when both sizes are within the limits. */
export function modelFilesTooBig(json: SizedFile, weights: SizedFile): string | null {
  if (json.size > MAX_MODEL_JSON_BYTES)
    return `${json.name} is ${json.size} bytes; a model description is at most ${MAX_MODEL_JSON_BYTES}`;
  if (weights.size > MAX_WEIGHTS_BYTES)
    return `${weights.name} is ${weights.size} bytes; weights are at most ${MAX_WEIGHTS_BYTES}`;
  return null;
}

/** Why a Keras model file is refused unread, or null when its size is within the limit. */
export function kerasFileTooBig(file: SizedFile): string | null {
  return file.size > MAX_KERAS_FILE_BYTES
    ? `${file.name} is ${file.size} bytes; a Keras model file is at most ${MAX_KERAS_FILE_BYTES}`
    : null;
}
