import { useState } from 'react';
import type { Config } from '../config/hyperparameters';
import { settingsFromAddress } from '../config/urlState';
import { BACKEND_CHOICES } from '../train/protocol';
import type { BackendChoice } from '../train/protocol';
import { FlightPage } from './FlightPage';
import { Playground } from './Playground';
import { actions } from './trainingStore';

type Mode = 'train' | 'fly';
const PAGE_KEYS = ['mode', 'backend'];

/**
 * The settings in the address. Bad entries are named in a notice and left at their defaults; the good
 * ones still apply.
 */
function readAddress(): { config: Config; backend: BackendChoice; notice: string | null } {
  const params = new URLSearchParams(window.location.search);
  const { config, problems } = settingsFromAddress(params, PAGE_KEYS);
  const rawBackend = params.get('backend') ?? 'auto';
  const backend = (BACKEND_CHOICES as readonly string[]).includes(rawBackend)
    ? (rawBackend as BackendChoice)
    : 'auto';
  if (backend !== rawBackend) {
    problems.push(`backend must be one of ${BACKEND_CHOICES.join(', ')}; got “${rawBackend.slice(0, 40)}”`);
  }
  return {
    config,
    backend,
    notice: problems.length
      ? `The address had settings that cannot be used, so their defaults apply: ${problems.join('; ')}.`
      : null,
  };
}

let started = false;
function startTraining(): void {
  if (started) return; // StrictMode runs effects twice in development; one worker is enough
  started = true;
  const { config, backend, notice } = readAddress();
  actions.init(config, backend, notice);
}

export function App() {
  const [mode, setMode] = useState<Mode>(() =>
    new URLSearchParams(window.location.search).get('mode') === 'fly' ? 'fly' : 'train',
  );
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
        </nav>
      </header>
      {mode === 'train' ? <Playground init={startTraining} /> : <FlightPage />}
    </div>
  );
}
