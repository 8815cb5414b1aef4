/**
 * A model from a link (runs/modelLink.ts) as the worker takes a loaded model: to fly, or to train on from
 * with the settings the link carries, which are whole (the link writes every setting that departs from the
 * defaults, and reads them back over them).
 */
import { PlainForward } from '../../agent/plainForward';
import type { SharedModel } from '../runs/modelLink';
import { shapeOf } from '../runs/modelLink';
import type { LoadedModel } from './loadedModel';

export const LINKED_MODEL_NAME = 'the shared model';

export function loadedFromLink(model: SharedModel): LoadedModel {
  const shape = shapeOf(model.config);
  const policy = new PlainForward(shape);
  policy.loadFlat(model.weights);
  return {
    name: LINKED_MODEL_NAME,
    shape,
    weights: Float32Array.from(model.weights),
    policy,
    episodes: model.episodes,
    settings: { ok: true, settings: { ...model.config }, missing: [] },
  };
}
