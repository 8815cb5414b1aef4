/**
 * The settings a saved model was trained with, read back from its metadata's `config` (which
 * modelExport.ts writes), so that training can go on as it was trained. Metadata is user input like the
 * rest of the file: every field is checked against the table (config/validate.ts) and the layer sizes
 * against the weights' own. Settings that cannot be used are refused whole with the reason, and the
 * caller goes on with the page's; a field the model does not carry (one the table gained since it was
 * saved) is named, for the caller to fill.
 */
import { HYPERPARAMETERS } from '../../config/hyperparameters';
import type { Config, Key } from '../../config/hyperparameters';
import { validateConfig } from '../../config/validate';

export type ModelSettings =
  | { ok: true; settings: Partial<Config>; missing: Key[] }
  /** `problem` reads after the model's name: "bare.json carries no training settings (…)". */
  | { ok: false; problem: string };

/** Bad fields named beyond this many are only counted, so that the reason stays a line or two. */
const MAX_NAMED = 3;

export function modelSettings(
  metadata: Record<string, unknown>,
  network: { hidden1: number; hidden2: number },
): ModelSettings {
  const config = metadata.config;
  if (config === undefined || config === null) {
    return { ok: false, problem: 'carries no training settings (its metadata has no “config”)' };
  }
  const checked = validateConfig(config);
  if (!checked.ok) {
    const named = checked.errors.slice(0, MAX_NAMED).map((e) => e.message);
    if (checked.errors.length > MAX_NAMED) named.push(`and ${checked.errors.length - MAX_NAMED} more`);
    return { ok: false, problem: `has training settings that cannot be used (${named.join('; ')})` };
  }
  // validateConfig accepted an object of known keys; which of them the model carries is now the question.
  const given = config as Record<string, unknown>;
  const keys = HYPERPARAMETERS.map((p) => p.key);
  const present = keys.filter((k) => Object.hasOwn(given, k));
  if (present.length === 0) {
    return { ok: false, problem: 'carries no training settings (its metadata’s “config” is empty)' };
  }
  const { hidden1, hidden2 } = checked.value;
  const namesOther =
    (Object.hasOwn(given, 'hidden1') && hidden1 !== network.hidden1) ||
    (Object.hasOwn(given, 'hidden2') && hidden2 !== network.hidden2);
  if (namesOther) {
    return {
      ok: false,
      problem:
        `has training settings for a ${hidden1}-${hidden2} network, but its weights are a ` +
        `${network.hidden1}-${network.hidden2} network`,
    };
  }
  const settings = Object.fromEntries(present.map((k) => [k, checked.value[k]])) as Partial<Config>;
  return { ok: true, settings, missing: keys.filter((k) => !present.includes(k)) };
}
