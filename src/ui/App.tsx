import { useState } from 'react';
import type { Config } from '../config/hyperparameters';
import { fromSearchParams } from '../config/urlState';
import { BACKEND_CHOICES } from '../train/protocol';
import type { BackendChoice } from '../train/protocol';
import { FlightPage } from './FlightPage';
import { MarsRoverLesson } from './MarsRoverLesson';
import { Playground } from './Playground';
import { actions } from './trainingStore';

type Mode = 'train' | 'fly' | 'learn';
const MODES: readonly Mode[] = ['train', 'fly', 'learn'];
const PAGE_KEYS = ['mode', 'backend'];

/**
 * The settings in the address. Bad entries are named in a notice and left at their defaults; the good
 * ones still apply.
 */
function readAddress(): { config: Config; backend: BackendChoice; notice: string | null } {
  const params = new URLSearchParams(window.location.search);
  const problems: string[] = [];
  let result = fromSearchParams(params, PAGE_KEYS);
  if (!result.ok) {
    problems.push(...result.errors.map((e) => e.message));
    const bad = new Set(result.errors.map((e) => e.key));
    const kept = new URLSearchParams([...params].filter(([k]) => !bad.has(k)));
    result = fromSearchParams(kept, PAGE_KEYS);
  }
  const rawBackend = params.get('backend') ?? 'auto';
  const backend = (BACKEND_CHOICES as readonly string[]).includes(rawBackend)
    ? (rawBackend as BackendChoice)
    : 'auto';
  if (backend !== rawBackend) {
    problems.push(`backend must be one of ${BACKEND_CHOICES.join(', ')}; got “${rawBackend.slice(0, 40)}”`);
  }
  return {
    config: result.ok ? result.value : fromDefaults(),
    backend,
    notice: problems.length
      ? `The address had settings that cannot be used, so their defaults apply: ${problems.join('; ')}.`
      : null,
  };
}

function fromDefaults(): Config {
  const r = fromSearchParams(new URLSearchParams());
  if (!r.ok) throw new Error('the default settings do not validate');
  return r.value;
}

let started = false;
function startTraining(): void {
  if (started) return; // StrictMode runs effects twice in development; one worker is enough
  started = true;
  const { config, backend, notice } = readAddress();
  actions.init(config, backend, notice);
}

export function App() {
  const [mode, setMode] = useState<Mode>(() => {
    const asked = new URLSearchParams(window.location.search).get('mode') as Mode;
    return MODES.includes(asked) ? asked : 'train';
  });
  return (
    <div className="app">
      <header>
        <h1>Lander Lab</h1>
        <p>
          Watch a Deep Q-Network learn to land Gymnasium&apos;s LunarLander-v3, and change how it learns while
          it does.
        </p>
        <nav aria-label="Mode">
          <button type="button" aria-pressed={mode === 'train'} onClick={() => setMode('train')}>
            Train the agent
          </button>
          <button type="button" aria-pressed={mode === 'fly'} onClick={() => setMode('fly')}>
            Fly it yourself
          </button>
          <button type="button" aria-pressed={mode === 'learn'} onClick={() => setMode('learn')}>
            Learn the ideas
          </button>
        </nav>
      </header>
      {mode === 'train' && <Playground init={startTraining} />}
      {mode === 'fly' && <FlightPage />}
      {mode === 'learn' && <MarsRoverLesson />}
    </div>
  );
}
