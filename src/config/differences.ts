/** Where configurations differ, and how a setting reads in a run's name or a table's header. */
import { HYPERPARAMETERS, SPECS } from './hyperparameters';
import type { Config, Key } from './hyperparameters';

/** The table's short name of a setting (its label when it has none). */
export function shortName(key: string): string {
  const spec = SPECS.get(key);
  return spec ? (spec.short ?? spec.label) : key;
}

/** A setting as a few words: "γ 0.99", "double DQN", "no wind", "loss huber". */
export function describeSetting(key: string, value: unknown): string {
  const name = shortName(key);
  if (typeof value === 'boolean') return value ? name : `no ${name}`;
  return `${name} ${String(value)}`;
}

/** The settings, in the table's order, on which any two of `configs` disagree. */
export function differingKeys(configs: readonly Config[], ignore: readonly Key[] = []): Key[] {
  return HYPERPARAMETERS.map((p) => p.key).filter(
    (key) => !ignore.includes(key) && configs.some((c) => c[key] !== configs[0][key]),
  );
}

/** The settings in which `config` differs from `base`, in the table's order. */
export function changedFrom(config: Config, base: Config, ignore: readonly Key[] = []): Key[] {
  return differingKeys([base, config], ignore);
}
