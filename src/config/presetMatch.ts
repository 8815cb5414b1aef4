/**
 * Which preset a configuration is: the one it equals (for the Preset menu) and the one it is nearest (the
 * base the page's address writes its settings over), compared over every key of the table.
 */
import type { Config } from './hyperparameters';
import { changedFrom } from './differences';
import { PRESETS } from './presets';
import type { PresetName } from './presets';

const NAMES = Object.keys(PRESETS) as PresetName[];

/** The preset whose every setting `config` equals; null ("custom") once any departs from it. */
export function presetMatching(config: Config): PresetName | null {
  return NAMES.find((name) => changedFrom(config, PRESETS[name].config).length === 0) ?? null;
}

/**
 * The preset from which `config` departs in the fewest settings; on a tie the earlier one, so lab (the
 * defaults, which the address never names) wins and an address names a preset only where it is shorter.
 */
export function nearestPreset(config: Config): PresetName {
  const departures = (name: PresetName) => changedFrom(config, PRESETS[name].config).length;
  return NAMES.reduce((best, name) => (departures(name) < departures(best) ? name : best));
}
