/**
 * What continuing training from a loaded model starts with, and the sentence that says so: the settings
 * the model trained with (runs/modelSettings.ts), or the page's, always with the model's own layer sizes;
 * ε starting at its minimum, since the model has explored already; and an empty replay memory, which a
 * model file does not carry. ε-start is set to that minimum in the settings themselves, so that the page's
 * ε control and address show the value the run starts from.
 */
import { SPECS } from '../../config/hyperparameters';
import type { Config } from '../../config/hyperparameters';
import { validateConfig } from '../../config/validate';
import type { Result } from '../../config/validate';
import { runName } from '../runs/runName';
import type { LoadedModel } from './loadedModel';

/** Whose settings a continued run takes: the model's own (from its metadata) or the page's. */
export type SettingsSource = 'model' | 'page';

export interface Continuation {
  /** The settings the new run trains with (the page shows them). */
  config: Config;
  message: string;
}

export function continuation(
  model: Pick<LoadedModel, 'name' | 'shape' | 'episodes' | 'settings'>,
  from: SettingsSource,
  page: Config,
): Result<Continuation> {
  const own = from === 'model' && model.settings.ok ? model.settings : null;
  const network = { hidden1: model.shape.hidden1, hidden2: model.shape.hidden2 };
  const checked = validateConfig({ ...page, ...own?.settings, ...network });
  if (!checked.ok) return checked;
  const chosen = checked.value;
  const trained = model.episodes !== null ? ` (trained ${model.episodes} episodes)` : '';
  const pages = `with this page’s settings (${runName(chosen)})`;
  let what: string;
  if (own) {
    what = `Training goes on from ${model.name}${trained} with its own settings (${runName(chosen)}).`;
    if (own.missing.length) {
      const labels = own.missing.map((k) => SPECS.get(k)!.label).join(', ');
      what += ` It does not carry ${labels}: this page’s ${own.missing.length > 1 ? 'values are' : 'value is'} used.`;
    }
  } else if (from === 'model' && !model.settings.ok) {
    what = `${model.name} ${model.settings.problem}, so training goes on from it${trained} ${pages}.`;
  } else {
    what = `Training goes on from ${model.name}${trained} ${pages}.`;
  }
  const config = { ...chosen, epsilonStart: chosen.epsilonMin };
  return {
    ok: true,
    value: {
      config,
      message:
        `${what} ε starts at its minimum, ${config.epsilonMin}, and the replay memory starts empty ` +
        '(a model file carries none). Press Start to train.',
    },
  };
}
