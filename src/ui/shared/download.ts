/** Hands data to the browser as file downloads: any file, and a model's two files. */
import { BEST_MODEL_WEIGHTS_NAME, MODEL_WEIGHTS_NAME } from '../../train/runs/modelFileNames';
import type { ModelKind } from '../../train/host/protocol';

export function download(name: string, data: BlobPart, type: string): void {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The file names of each model kind; the weights' is the one its model.json's manifest names. */
export const MODEL_FILES: Record<ModelKind, { json: string; weights: string }> = {
  latest: { json: 'lunar-lander-dqn.json', weights: MODEL_WEIGHTS_NAME },
  best: { json: 'lunar-lander-dqn-best.json', weights: BEST_MODEL_WEIGHTS_NAME },
};

export function downloadModelFiles(kind: ModelKind, files: { json: string; weights: ArrayBuffer }): void {
  download(MODEL_FILES[kind].json, files.json, 'application/json');
  download(MODEL_FILES[kind].weights, files.weights, 'application/octet-stream');
}

/** A model as one Keras file, .h5 or Keras 3's .keras: the latest .h5 under the name the course's notebook loads. */
export const KERAS_FILES: Record<'h5' | 'keras', Record<ModelKind, string>> = {
  h5: { latest: 'lunar_lander_model.h5', best: 'lunar_lander_model_best.h5' },
  keras: { latest: 'lunar_lander_model.keras', best: 'lunar_lander_model_best.keras' },
};
