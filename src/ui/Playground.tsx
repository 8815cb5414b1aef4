/**
 * The playground: the lander the agent flies, its Q-values, the controls, the live curves, the
 * hyperparameters and models in and out. Reads the worker's reports from the store and sends commands;
 * it never trains.
 */
import { useEffect, useRef, useState } from 'react';
import { PRESETS } from '../config/presets';
import { BACKEND_CHOICES, REAL_TIME } from '../train/protocol';
import type { BackendChoice } from '../train/protocol';
import { BellmanTarget } from './BellmanTarget';
import { HyperparameterPanel } from './HyperparameterPanel';
import { LanderView } from './LanderView';
import { download } from './download';
import { NetworkView } from './NetworkView';
import { PolicyMap } from './PolicyMap';
import { QValueBars } from './QValueBars';
import { RewardBreakdown } from './RewardBreakdown';
import { RunsPanel } from './RunsPanel';
import { TrainingCharts } from './TrainingCharts';
import { actions, useTraining } from './trainingStore';
import './insight.css';

const SPEEDS: { label: string; value: number }[] = [
  { label: 'Real time (50 steps/s)', value: REAL_TIME },
  { label: '4× (200 steps/s)', value: 4 * REAL_TIME },
  { label: '20× (1000 steps/s)', value: 20 * REAL_TIME },
  { label: 'Maximum', value: Infinity },
];

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - 60 * m)} s`;
}

function Controls() {
  const state = useTraining((s) => s.status?.state);
  const ready = useTraining((s) => s.phase === 'ready');
  const speed = useTraining((s) => s.status?.speed ?? REAL_TIME);
  const backendChoice = useTraining((s) => s.backendChoice);
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
        title="Fly one episode with ε = 0 from the current weights; training waits"
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
          value=""
          onChange={(e) => void actions.applyPreset(e.target.value as keyof typeof PRESETS)}
          disabled={!ready}
        >
          <option value="" disabled>
            choose…
          </option>
          {Object.values(PRESETS).map((p) => (
            <option key={p.name} value={p.name} title={p.help}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        Backend{' '}
        <select value={backendChoice} onChange={(e) => actions.setBackend(e.target.value as BackendChoice)}>
          {BACKEND_CHOICES.map((b) => (
            <option key={b}>{b}</option>
          ))}
        </select>
      </label>
    </section>
  );
}

function Status() {
  const status = useTraining((s) => s.status);
  const backend = useTraining((s) => s.backend);
  const phase = useTraining((s) => s.phase);
  const updateMs = status?.updateMs || (backend ? backend.updateMs[backend.name] : undefined);
  const num = (v: number | null | undefined, digits = 1) =>
    v === null || v === undefined ? '—' : v.toFixed(digits);
  return (
    <section className="status" aria-label="Training status">
      <dl>
        <dt>State</dt>
        <dd data-field="state">{phase === 'ready' ? (status?.state ?? '…') : phase}</dd>
        <dt>Episode</dt>
        <dd data-field="episode">{status?.episode ?? 0}</dd>
        <dt>Mean of last 100</dt>
        <dd data-field="avg100" className={status?.avg100 && status.avg100 >= 200 ? 'good' : undefined}>
          {num(status?.avg100)}
        </dd>
        <dt>ε</dt>
        <dd data-field="epsilon">{num(status?.epsilon, 3)}</dd>
        <dt>Learning rate</dt>
        <dd data-field="learningRate">{status ? String(status.config.learningRate) : '—'}</dd>
        <dt>Steps per second</dt>
        <dd data-field="stepsPerSecond">{status ? Math.round(status.stepsPerSecond) : '—'}</dd>
        <dt>Env steps</dt>
        <dd data-field="envSteps">{status?.envSteps ?? 0}</dd>
        <dt>Updates</dt>
        <dd data-field="updates">{status?.updates ?? 0}</dd>
        <dt>Backend</dt>
        <dd data-field="backend" title={backend?.reason}>
          {backend ? `${backend.name}, ${num(updateMs, 2)} ms per update` : 'choosing…'}
        </dd>
      </dl>
      {backend && <p className="hint">{backend.reason}</p>}
    </section>
  );
}

function Banners() {
  const solved = useTraining((s) => s.solved);
  const watching = useTraining((s) => s.status?.watching);
  const watched = useTraining((s) => s.status?.watched);
  return (
    <>
      {solved && (
        <div className="banner landed solved" role="status">
          <strong>
            Solved in {solved.episode} episodes ({solved.envSteps.toLocaleString('en')} steps,{' '}
            {duration(solved.seconds)})
          </strong>
          <span>The mean of the last 100 returns reached 200. Training may go on.</span>
        </div>
      )}
      {watching && (
        <div className="banner watching" role="status">
          <strong>Watching the {watching.policy === 'loaded' ? 'loaded' : 'greedy'} policy (ε = 0)</strong>
          <span>
            Return {watching.return.toFixed(1)} after {watching.steps} steps; training waits.
          </span>
        </div>
      )}
      {!watching && watched && (
        <p className="watched" role="status">
          Last watched episode: return {watched.return.toFixed(1)} in {watched.steps} steps
          {watched.outcome ? ` (${watched.outcome.replace(/_/g, ' ')})` : ''}.
        </p>
      )}
    </>
  );
}

function ModelPanel() {
  const ready = useTraining((s) => s.phase === 'ready');
  const [use, setUse] = useState<'watch' | 'continue'>('watch');
  const input = useRef<HTMLInputElement>(null);
  const onFiles = (files: FileList | null) => {
    const list = Array.from(files ?? []);
    if (input.current) input.current.value = '';
    const json = list.find((f) => f.name.toLowerCase().endsWith('.json'));
    const weights = list.find((f) => f !== json);
    if (!json || !weights || list.length !== 2) {
      actions.say(
        'error',
        'Choose both files of a model together: its .json description and its .bin weights. Nothing was loaded.',
      );
      return;
    }
    void actions.loadModel(json, weights, use);
  };
  return (
    <section className="models" aria-label="Models">
      <button
        type="button"
        disabled={!ready}
        onClick={async () => {
          try {
            const files = await actions.downloadModel();
            download('lunar-lander-dqn.json', files.json, 'application/json');
            download('lunar-lander-dqn.weights.bin', files.weights, 'application/octet-stream');
          } catch (e) {
            actions.say('error', `The model could not be saved: ${(e as Error).message}`);
          }
        }}
      >
        Download model
      </button>
      <button
        type="button"
        disabled={!ready}
        onClick={async () => download('lunar-lander-history.csv', await actions.historyCsv(), 'text/csv')}
      >
        Download history
      </button>
      <label className="file">
        Load model
        <input
          ref={input}
          type="file"
          multiple
          accept=".json,.bin"
          aria-label="Load model"
          disabled={!ready}
          onChange={(e) => onFiles(e.target.files)}
        />
      </label>
      <select
        value={use}
        onChange={(e) => setUse(e.target.value as 'watch' | 'continue')}
        aria-label="After loading"
      >
        <option value="watch">then watch it fly</option>
        <option value="continue">then continue training from it</option>
      </select>
    </section>
  );
}

/** A saved run on opening the page, offered for resuming. */
function ResumeOffer() {
  const offer = useTraining((s) => s.resumeOffer);
  if (!offer) return null;
  return (
    <div className="notice info offer" role="status">
      Resume your last run “{offer.name}” ({offer.episodes} episodes)?{' '}
      <button type="button" onClick={() => void actions.resumeRun(offer.id)}>
        Resume last run
      </button>{' '}
      <button type="button" onClick={actions.declineResume}>
        Start fresh
      </button>
    </div>
  );
}

/** The worker died or lost its GPU: say so, and restart from the last checkpoint on a chosen backend. */
function CrashPanel() {
  const crash = useTraining((s) => s.crash);
  const current = useTraining((s) => s.backend?.name ?? 'wasm');
  const saved = useTraining((s) => s.runs?.runs.find((r) => r.id === s.runs?.current));
  const [choice, setChoice] = useState<BackendChoice>(current === 'webgl' ? 'wasm' : current);
  if (!crash) return null;
  return (
    <div className="notice error crash" role="alert">
      <strong>{crash}</strong>{' '}
      {saved
        ? `Restart from the last checkpoint (episode ${saved.episodes}) on`
        : 'Nothing was saved yet. Start again on'}{' '}
      <select
        value={choice}
        onChange={(e) => setChoice(e.target.value as BackendChoice)}
        aria-label="Restart backend"
      >
        {BACKEND_CHOICES.map((b) => (
          <option key={b}>{b}</option>
        ))}
      </select>{' '}
      <button type="button" onClick={() => actions.restart(choice)}>
        Restart training
      </button>
    </div>
  );
}

function MessageLine() {
  const message = useTraining((s) => s.message);
  if (!message) return null;
  return (
    <p className={`notice ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
      {message.text}{' '}
      <button type="button" className="link" onClick={actions.dismiss} aria-label="Dismiss message">
        ×
      </button>
    </p>
  );
}

export function Playground({ init }: { init: () => void }) {
  useEffect(init, [init]);
  return (
    <main className="playground">
      <div className="left">
        <div className="stage">
          <LanderView />
          <Banners />
        </div>
        <Controls />
        <CrashPanel />
        <ResumeOffer />
        <MessageLine />
        <PolicyMap />
        <Status />
        <QValueBars />
        <ModelPanel />
        <RunsPanel />
      </div>
      <div className="right">
        <TrainingCharts />
        <RewardBreakdown />
        <BellmanTarget />
        <NetworkView />
        <HyperparameterPanel />
      </div>
    </main>
  );
}
