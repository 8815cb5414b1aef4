import { useState } from 'react';
import { FlightPage } from './flight/FlightPage';
import { MarsRoverLesson } from '../lesson/MarsRoverLesson';
import { Playground } from './playground/Playground';
import { actions } from './playground/trainingStore';
import { readAddress, writeMode } from './shared/address';
import type { Mode } from './shared/address';

// Read as the page opens, before the playground starts rewriting it to follow its settings.
const address = readAddress(new URLSearchParams(window.location.search));

let started = false;
function startTraining(): void {
  if (started) return; // StrictMode runs effects twice in development; one worker is enough
  started = true;
  actions.init(address);
}

export function App() {
  const [mode, setShownMode] = useState<Mode>(address.mode);
  // The address holds the tab, so that a reload or a shared link opens it again.
  const setMode = (chosen: Mode) => {
    setShownMode(chosen);
    writeMode(chosen);
  };
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
      {mode === 'fly' && <FlightPage firstSeed={address.flightSeed} seedNotice={address.flightNotice} />}
      {mode === 'learn' && <MarsRoverLesson />}
    </div>
  );
}
