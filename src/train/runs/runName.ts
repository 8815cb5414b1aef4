/**
 * A new run's default name says what sets it apart: its preset (or "custom"), its seed, and every setting
 * that differs from that preset — "lab · seed 11 · γ 0.99" — so that runs in a list or a comparison can be
 * told apart without opening them.
 */
import { changedFrom, describeSetting } from '../../config/differences';
import type { Config } from '../../config/hyperparameters';
import { PRESETS } from '../../config/presets';

/** Settings beyond this many are summarised ("+ 3 more"), to keep names to a line. */
const MAX_LISTED = 4;

export function runName(config: Config): string {
  const closest = nearestPreset(config);
  const changed = changedFrom(config, PRESETS[closest].config, ['seed']);
  const parts = [
    closest,
    `seed ${config.seed}`,
    ...changed.slice(0, MAX_LISTED).map((k) => describeSetting(k, config[k])),
  ];
  if (changed.length > MAX_LISTED) parts.push(`+ ${changed.length - MAX_LISTED} more`);
  return parts.join(' · ');
}

/** The preset the config differs from least (ties: the table's first, lab). */
function nearestPreset(config: Config): keyof typeof PRESETS {
  const names = Object.keys(PRESETS) as (keyof typeof PRESETS)[];
  const distance = (n: keyof typeof PRESETS) => changedFrom(config, PRESETS[n].config, ['seed']).length;
  return names.reduce((best, n) => (distance(n) < distance(best) ? n : best));
}
