import { useCallback, useState } from 'react';
import type { Config } from '../config/hyperparameters';
import type { SharedModel } from '../train/runs/modelLink';
import { MarsRoverLesson } from '../lesson/MarsRoverLesson';
import { Playground } from './playground/Playground';
import { actions } from './playground/trainingStore';
import { SharedFlight } from './share/SharedFlight';
import { readAddress, writeMode } from './shared/address';
import type { Mode } from './shared/address';

// Read as the page opens, before the playground starts rewriting it to follow its settings.
const address = readAddress(new URLSearchParams(window.location.search));
// A shared model's link (ui/share), kept as the page opened: the playground's address leaves it out.
const fragment = window.location.hash;

let started = false;
/** Opens the trainer, with the address's settings or, continuing a shared model, its own. */
function startTraining(config?: Config): void {
  if (started) return; // StrictMode runs effects twice in development; one worker is enough
  started = true;
  actions.init(config ? { ...address, config, notice: null } : address);
}

export function App() {
  const [mode, setShownMode] = useState<Mode>(address.mode);
  // The address holds the tab, so that a reload or a shared link opens it again.
  const setMode = (chosen: Mode) => {
    setShownMode(chosen);
    writeMode(chosen);
  };
  // A shared model trains on with its settings and weights, in a trainer opened with them if none is yet.
  const continueShared = useCallback((model: SharedModel) => {
    startTraining(model.config);
    void actions.continueLinked(model);
    setMode('train');
  }, []);
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
      {mode === 'fly' && (
        <SharedFlight
          hash={fragment}
          firstSeed={address.flightSeed}
          seedNotice={address.flightNotice}
          onContinue={continueShared}
        />
      )}
      {mode === 'learn' && <MarsRoverLesson />}
    </div>
  );
}
