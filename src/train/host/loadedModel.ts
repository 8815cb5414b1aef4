/**
 * A model file read back for the playground to watch or to train on: checked (agent/model/modelImport.ts),
 * its weights copied out as plain arrays, so that no tensor is held while it waits, with what its metadata
 * says of it: the episodes it trained and the settings it trained with (runs/modelSettings.ts).
 */
import { importQNetwork } from '../../agent/model/modelImport';
import { layersOf } from '../../agent/model/modelSource';
import type { ModelFile } from '../../agent/model/modelSource';
import type { NetworkShape } from '../../agent/networkShape';
import { flatWeights, PlainForward } from '../../agent/qNetwork';
import { modelSettings } from '../runs/modelSettings';
import type { ModelSettings } from '../runs/modelSettings';

/** A file's name longer than this is cut, so that the messages naming it stay short. */
const MAX_NAME_LENGTH = 80;

export interface LoadedModel {
  /** The file it came from, as the messages name it. */
  readonly name: string;
  readonly shape: NetworkShape;
  /** Both networks of a run continued from it start from these (one flat array in the Layers order). */
  readonly weights: Float32Array;
  /** The same network, for flying it. */
  readonly policy: PlainForward;
  /** The episodes it trained, when its metadata says. */
  readonly episodes: number | null;
  readonly settings: ModelSettings;
}

/** What the page is told of a loaded model: enough to name it and to say what continuing from it uses. */
export interface LoadedModelInfo {
  name: string;
  /** Its hidden layers' sizes, "24-12". */
  network: string;
  episodes: number | null;
  /** Why its own settings cannot be used ("carries no training settings (…)"); null when they can. */
  settingsProblem: string | null;
}

/**
 * Reads the two files of a saved Q-network for LunarLander (8 inputs, 4 actions). A ModelFileError says
 * what was wrong; no tensor outlives the call.
 */
export async function readLoadedModel(
  json: string,
  weights: ArrayBuffer,
  name: string,
): Promise<LoadedModel> {
  const { model, metadata, shape } = await importQNetwork(json, weights, { inputs: 8, actions: 4 });
  try {
    const flat = flatWeights(model);
    const policy = new PlainForward(shape);
    policy.loadFlat(flat);
    const episodes = metadata.episodes;
    return {
      name: fileName(name),
      shape,
      weights: flat,
      policy,
      episodes: Number.isSafeInteger(episodes) && (episodes as number) >= 0 ? (episodes as number) : null,
      settings: modelSettings(metadata, shape),
    };
  } finally {
    model.dispose();
  }
}

/** Reads a model file in any format read here (the Layers pair, a Keras .h5), as readLoadedModel does. */
export async function readLoadedSource(source: ModelFile, name: string): Promise<LoadedModel> {
  const files = await layersOf(source);
  return readLoadedModel(files.json, files.weights, name);
}

export function describeLoaded(model: LoadedModel): LoadedModelInfo {
  return {
    name: model.name,
    network: `${model.shape.hidden1}-${model.shape.hidden2}`,
    episodes: model.episodes,
    settingsProblem: model.settings.ok ? null : model.settings.problem,
  };
}

/** A name fit for a message: a string, one line, of a bounded length. */
function fileName(name: unknown): string {
  const text = typeof name === 'string' ? name.replace(/\s+/g, ' ').trim() : '';
  if (!text) return 'the model';
  return text.length > MAX_NAME_LENGTH ? `${text.slice(0, MAX_NAME_LENGTH - 1)}…` : text;
}
