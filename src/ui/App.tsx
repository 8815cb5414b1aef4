import { useState } from 'react';
import type { Config } from '../config/hyperparameters';
import { settingsFromAddress } from '../config/urlState';
import { ENGINE_CHOICES } from '../agent/engines/engineTable';
import type { EngineChoice } from '../agent/engines/engineTable';
import { FlightPage } from './flight/FlightPage';
import { MarsRoverLesson } from '../lesson/MarsRoverLesson';
import { Playground } from './playground/Playground';
import { actions } from './playground/trainingStore';

type Mode = 'train' | 'fly' | 'learn';
const MODES: readonly Mode[] = ['train', 'fly', 'learn'];
const PAGE_KEYS = ['mode', 'engine'];

/**
 * The settings in the address. Bad entries are named in a notice and left at their defaults; the good
 * ones still apply.
 */
function readAddress(): { config: Config; engine: EngineChoice; notice: string | null } {
  const params = new URLSearchParams(window.location.search);
  const { config, problems } = settingsFromAddress(params, PAGE_KEYS);
  const rawEngine = params.get('engine') ?? 'auto';
  const engine = (ENGINE_CHOICES as readonly string[]).includes(rawEngine)
    ? (rawEngine as EngineChoice)
    : 'auto';
  if (engine !== rawEngine) {
    problems.push(`engine must be one of ${ENGINE_CHOICES.join(', ')}; got “${rawEngine.slice(0, 40)}”`);
  }
  return {
    config,
    engine,
    notice: problems.length
      ? `The address had settings that cannot be used, so their defaults apply: ${problems.join('; ')}.`
      : null,
  };
}

let started = false;
function startTraining(): void {
  if (started) return; // StrictMode runs effects twice in development; one worker is enough
  started = true;
  const { config, engine, notice } = readAddress();
  actions.init(config, engine, notice);
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
