/** Training controls: start or pause, one episode, a new run, the greedy flight, speed, preset, engine. */
import { PRESETS } from '../../config/presets';
import type { PresetName } from '../../config/presets';
import { presetMatching } from '../../config/presetMatch';
import { ENGINE_CHOICES } from '../../agent/engines/engineTable';
import type { EngineChoice } from '../../agent/engines/engineTable';
import { REAL_TIME } from '../../train/host/speed';
import { actions, useTraining } from './trainingStore';

const SPEEDS: { label: string; value: number }[] = [
  { label: 'Real time (50 steps/s)', value: REAL_TIME },
  { label: '4× (200 steps/s)', value: 4 * REAL_TIME },
  { label: '20× (1000 steps/s)', value: 20 * REAL_TIME },
  { label: 'Maximum', value: Infinity },
];

export function Controls() {
  const state = useTraining((s) => s.status?.state);
  const ready = useTraining((s) => s.phase === 'ready');
  const speed = useTraining((s) => s.status?.speed ?? REAL_TIME);
  const engineChoice = useTraining((s) => s.engineChoice);
  // The preset the settings are now, restart ones included: "custom" once any departs from it.
  const preset = useTraining((s) => presetMatching(s.draft)) ?? 'custom';
  const running = state === 'running';
  return (
    <section className="controls" aria-label="Training controls">
      <button
        type="button"
        className="primary"
        disabled={!ready}
        onClick={running ? actions.pause : actions.start}
      >
        {running ? 'Pause' : 'Start'}
      </button>
      <button
        type="button"
        disabled={!ready || running}
        onClick={actions.stepEpisode}
        title="Train one episode"
      >
        Step
      </button>
      <button
        type="button"
        disabled={!ready}
        onClick={() => void actions.reset()}
        title="A new run with the settings below"
      >
        Reset
      </button>
      <button
        type="button"
        disabled={!ready || state === 'watching'}
        onClick={() => void actions.watchGreedy()}
        title="Fly one episode with ε = 0 from the training agent's current weights; training waits"
      >
        Watch greedy policy
      </button>
      <label>
        Speed{' '}
        <select
          value={String(speed)}
          onChange={(e) => actions.setSpeed(Number(e.target.value))}
          disabled={!ready}
        >
          {SPEEDS.map((s) => (
            <option key={s.label} value={String(s.value)}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <label>
        Preset{' '}
        <select
          value={preset}
          onChange={(e) => void actions.applyPreset(e.target.value as PresetName)}
          disabled={!ready}
        >
          <option value="custom" disabled>
            custom
          </option>
          {Object.values(PRESETS).map((p) => (
            <option key={p.name} value={p.name} title={p.help}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Engine{' '}
        <select value={engineChoice} onChange={(e) => actions.setEngine(e.target.value as EngineChoice)}>
          {ENGINE_CHOICES.map((b) => (
            <option key={b}>{b}</option>
          ))}
        </select>
      </label>
    </section>
  );
}
