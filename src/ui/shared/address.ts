/**
 * The page's address, so that a link reproduces a setup: the settings (a preset and what departs from
 * it), the engine, the tab, and the moon a flight starts on. Reading never fails: what cannot be used is
 * named in a notice and left at its default. The settings' own codec is config/urlState; this module
 * adds the keys that belong to the page.
 */
import type { Config } from '../../config/hyperparameters';
import { PRESETS } from '../../config/presets';
import type { PresetName } from '../../config/presets';
import { nearestPreset } from '../../config/presetMatch';
import { settingsFromAddress, toSearchParams } from '../../config/urlState';
import { ENGINE_CHOICES } from '../../agent/engines/engineTable';
import type { EngineChoice } from '../../agent/engines/engineTable';

export const MODES = ['train', 'fly', 'learn'] as const;
export type Mode = (typeof MODES)[number];

// `seed` is not among them: it is a setting (the run's seed) that the flight also reads as its first moon.
const PAGE_KEYS = ['mode', 'engine', 'preset'];
const PRESET_NAMES = Object.keys(PRESETS) as PresetName[];
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

/** What the page writes back: the playground's settings and engine, and the tab. */
export type WrittenAddress = Pick<Address, 'config' | 'engine' | 'mode'>;

/** The preset the address's settings apply over: lab (the defaults) when it names none or a bad one. */
function readPreset(params: URLSearchParams, problems: string[]): PresetName {
  const named = params.getAll('preset');
  if (named.length === 0) return 'lab';
  if (named.length > 1) problems.push('“preset” appears more than once');
  else if ((PRESET_NAMES as string[]).includes(named[0])) return named[0] as PresetName;
  else problems.push(`preset must be one of ${PRESET_NAMES.join(', ')}; got “${named[0].slice(0, 40)}”`);
  return 'lab';
}

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

/** An unknown tab opens training. */
function readMode(params: URLSearchParams): Mode {
  const mode = params.get('mode') as Mode;
  return MODES.includes(mode) ? mode : 'train';
}

export function readAddress(params: URLSearchParams): Address {
  const problems: string[] = [];
  const preset = readPreset(params, problems);
  const settings = settingsFromAddress(params, PAGE_KEYS, PRESETS[preset].config);
  problems.push(...settings.problems);
  const engine = readEngine(params, problems);
  const fallback = preset === 'lab' ? 'their defaults' : `preset ${preset}’s values`;
  return {
    config: settings.config,
    engine,
    notice: problems.length
      ? `The address had settings that cannot be used, so ${fallback} apply: ${problems.join('; ')}.`
      : null,
    mode: readMode(params),
    ...readFlightSeed(params),
  };
}

/**
 * The query for `address` ('' when all is default). The settings are written over the preset they are
 * nearest, named unless it is lab, so that a preset's link stays short; reading applies them over it again.
 */
export function addressQuery({ config, engine, mode }: WrittenAddress): string {
  const preset = nearestPreset(config);
  const params = new URLSearchParams(preset === 'lab' ? [] : [['preset', preset]]);
  for (const [key, value] of toSearchParams(config, PRESETS[preset].config)) params.set(key, value);
  if (engine !== 'auto') params.set('engine', engine);
  if (mode !== 'train') params.set('mode', mode);
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** Replaces the address in place: following the settings and the tab adds no history entries. */
function replaceQuery(query: string): void {
  window.history.replaceState(null, '', `${window.location.pathname}${query}`);
}

/** The playground's settings and engine, keeping the tab the address holds. */
export function writeAddress(address: Omit<WrittenAddress, 'mode'>): void {
  replaceQuery(addressQuery({ ...address, mode: readMode(new URLSearchParams(window.location.search)) }));
}

/**
 * The tab, keeping the rest of the address as it stands: opened on another tab, the playground has not
 * yet read its settings, and they must wait for it unchanged.
 */
export function writeMode(mode: Mode): void {
  const params = new URLSearchParams(window.location.search);
  if (mode === 'train') params.delete('mode');
  else params.set('mode', mode);
  const query = params.toString();
  replaceQuery(query ? `?${query}` : '');
}
