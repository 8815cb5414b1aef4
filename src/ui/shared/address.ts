/**
 * The page's address, so that a link reproduces a setup: the settings (only those off their defaults),
 * the engine, the tab, and the moon a flight starts on. Reading never fails: what cannot be used is
 * named in a notice and left at its default. The settings' own codec is config/urlState; this module
 * adds the keys that belong to the page.
 */
import type { Config } from '../../config/hyperparameters';
import { settingsFromAddress, toSearchParams } from '../../config/urlState';
import { ENGINE_CHOICES } from '../../agent/engines/engineTable';
import type { EngineChoice } from '../../agent/engines/engineTable';

export const MODES = ['train', 'fly', 'learn'] as const;
export type Mode = (typeof MODES)[number];

// `seed` is not among them: it is a setting (the run's seed) that the flight also reads as its first moon.
const PAGE_KEYS = ['mode', 'engine'];
const FLIGHT_SEED = /^\d{1,15}$/;

export interface Address {
  config: Config;
  engine: EngineChoice;
  /** Why some settings or the engine were left at their defaults (the playground shows it); null when none. */
  notice: string | null;
  /** An unknown tab opens training, without a notice. */
  mode: Mode;
  /** The moon the flight starts on; null flies a random one. */
  flightSeed: number | null;
  /** Why `seed` cannot be flown (the flight page shows it); null when it can or is absent. */
  flightNotice: string | null;
}

/** What the page writes back: the playground's settings and engine. */
export type WrittenAddress = Pick<Address, 'config' | 'engine'>;

function readEngine(params: URLSearchParams, problems: string[]): EngineChoice {
  const raw = params.get('engine') ?? 'auto';
  if ((ENGINE_CHOICES as readonly string[]).includes(raw)) return raw as EngineChoice;
  problems.push(`engine must be one of ${ENGINE_CHOICES.join(', ')}; got “${raw.slice(0, 40)}”`);
  return 'auto';
}

function readFlightSeed(params: URLSearchParams): Pick<Address, 'flightSeed' | 'flightNotice'> {
  const raw = params.get('seed');
  if (raw === null) return { flightSeed: null, flightNotice: null };
  if (FLIGHT_SEED.test(raw)) return { flightSeed: Number(raw), flightNotice: null };
  const shown = raw.length > 40 ? `${raw.slice(0, 40)}…` : raw;
  return {
    flightSeed: null,
    flightNotice: `The seed “${shown}” in the address is not a whole number from 0 to 999999999999999; flying a random moon.`,
  };
}

export function readAddress(params: URLSearchParams): Address {
  const { config, problems } = settingsFromAddress(params, PAGE_KEYS);
  const engine = readEngine(params, problems);
  const mode = params.get('mode') as Mode;
  return {
    config,
    engine,
    notice: problems.length
      ? `The address had settings that cannot be used, so their defaults apply: ${problems.join('; ')}.`
      : null,
    mode: MODES.includes(mode) ? mode : 'train',
    ...readFlightSeed(params),
  };
}

/**
 * The query for `address` ('' when all is default). The playground is the only writer, so the tab is not
 * kept: a reload opens on training.
 */
export function addressQuery({ config, engine }: WrittenAddress): string {
  const params = toSearchParams(config);
  if (engine !== 'auto') params.set('engine', engine);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** Replaces the address in place: following the settings adds no history entries. */
export function writeAddress(address: WrittenAddress): void {
  window.history.replaceState(null, '', `${window.location.pathname}${addressQuery(address)}`);
}
