/**
 * The playground: the lander the agent flies, its Q-values, the controls, the live curves, the
 * hyperparameters and models in and out. Reads the worker's reports from the store and sends commands;
 * it never trains.
 */
import { useEffect, useRef, useState } from 'react';
import { PRESETS } from '../../config/presets';
import { ENGINE_CHOICES } from '../../agent/engines/engineTable';
import type { EngineChoice } from '../../agent/engines/engineTable';
import { REAL_TIME } from '../../train/host/speed';
import type { EvaluationReport, ModelKind } from '../../train/host/protocol';
import { BellmanTarget } from '../insight/BellmanTarget';
import { ComparePanel } from '../compare/ComparePanel';
import { HyperparameterPanel } from './HyperparameterPanel';
import { LanderView } from './LanderView';
import { download, downloadModelFiles } from '../shared/download';
import { NetworkView } from '../insight/NetworkView';
import { PolicyMap } from '../insight/PolicyMap';
import { QValueBars } from './QValueBars';
import { RewardBreakdown } from '../insight/RewardBreakdown';
import { RunsPanel } from '../runs/RunsPanel';
import { currentRun, savedRuns, useSavedRuns } from '../runs/savedRuns';
import { dismiss, say, useMessage } from '../shared/messages';
import { SweepPanel } from '../sweep/SweepPanel';
import { TrainingCharts } from './TrainingCharts';
import { actions, useTraining } from './trainingStore';
import '../insight/insight.css';

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
  const engineChoice = useTraining((s) => s.engineChoice);
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

function Status() {
  const status = useTraining((s) => s.status);
  const engine = useTraining((s) => s.engine);
  const phase = useTraining((s) => s.phase);
  const updateUs = status?.updateMs ? status.updateMs * 1000 : engine?.updateUs[engine.name];
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
        <dt>Greedy evaluation</dt>
        <dd data-field="lastEvaluation">{evaluation(status?.lastEvaluation)}</dd>
        <dt>Best evaluation</dt>
        <dd
          data-field="bestEvaluation"
          className={status?.bestEvaluation && status.bestEvaluation.mean >= 200 ? 'good' : undefined}
        >
          {evaluation(status?.bestEvaluation)}
        </dd>
        <dt>Engine</dt>
        <dd data-field="engine" title={engine?.reason}>
          {engine ? `${engine.name}, ${num(updateUs, 0)} µs per update` : 'choosing…'}
        </dd>
      </dl>
      {engine && <p className="hint">{engine.reason}</p>}
    </section>
  );
}

/** "153.2 ± 40.1, 7/10 landed, episode 250" */
function evaluation(e: EvaluationReport | null | undefined): string {
  if (!e) return '—';
  return `${e.mean.toFixed(1)} ± ${e.std.toFixed(1)}, ${e.outcomes.landed}/${e.episodes} landed, episode ${e.episode}`;
}

function Banners() {
  const solved = useTraining((s) => s.solved);
  const greedyLands = useTraining((s) => s.greedyLands);
  const watching = useTraining((s) => s.status?.watching);
  const watched = useTraining((s) => s.status?.watched);
  return (
    <>
      {/* One column, so that milestones reached together stack instead of covering each other. */}
      <div className="banners">
        {solved && (
          <div className="banner landed solved" role="status">
            <strong>
              Solved in {solved.episode} episodes ({solved.envSteps.toLocaleString('en')} steps,{' '}
              {duration(solved.seconds)})
            </strong>
            <span>The mean of the last 100 returns reached 200. Training may go on.</span>
          </div>
        )}
        {greedyLands && (
          <div className="banner landed greedy-lands" role="status">
            <strong>
              Greedy policy lands: mean {greedyLands.mean.toFixed(1)} over {greedyLands.episodes} evaluation
              episodes at episode {greedyLands.episode}
            </strong>
            <span>With ε = 0, on moons it never trained on. Download the best model to keep it.</span>
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
      </div>
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
  const best = useTraining((s) => s.status?.bestEvaluation ?? null);
  const save = (kind: ModelKind) => async () => {
    try {
      downloadModelFiles(kind, await actions.downloadModel(kind));
    } catch (e) {
      say('error', `The model could not be saved: ${(e as Error).message}`);
    }
  };
  const [use, setUse] = useState<'watch' | 'continue'>('watch');
  const input = useRef<HTMLInputElement>(null);
  const onFiles = (files: FileList | null) => {
    const list = Array.from(files ?? []);
    if (input.current) input.current.value = '';
    const json = list.find((f) => f.name.toLowerCase().endsWith('.json'));
    const weights = list.find((f) => f !== json);
    if (!json || !weights || list.length !== 2) {
      say(
        'error',
        'Choose both files of a model together: its .json description and its .bin weights. Nothing was loaded.',
      );
      return;
    }
    void actions.loadModel(json, weights, use);
  };
  return (
    <section className="models" aria-label="Models">
      <button type="button" disabled={!ready} onClick={save('latest')} title="The latest weights">
        Download model
      </button>
      <button
        type="button"
        disabled={!ready || !best}
        onClick={save('best')}
        title={
          best
            ? `The weights of the best greedy evaluation so far (episode ${best.episode})`
            : 'Available after the first greedy evaluation'
        }
      >
        Download best model
      </button>
      <button
        type="button"
        disabled={!ready}
        onClick={async () => download('lunar-lander-history.csv', await actions.historyCsv(), 'text/csv')}
      >
        Download history
      </button>
      <button
        type="button"
        disabled={!ready}
        onClick={async () =>
          download('lunar-lander-evaluations.csv', await actions.evaluationsCsv(), 'text/csv')
        }
      >
        Download evaluations
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
  const offer = useSavedRuns((s) => s.resumeOffer);
  if (!offer) return null;
  return (
    <div className="notice info offer" role="status">
      Resume your last run “{offer.name}” ({offer.episodes} episodes)?{' '}
      <button type="button" onClick={() => void savedRuns.resume(offer.id)}>
        Resume last run
      </button>{' '}
      <button type="button" onClick={savedRuns.declineResume}>
        Start fresh
      </button>
    </div>
  );
}

/** The worker died or lost its GPU: say so, and restart from the last checkpoint on a chosen engine. */
function CrashPanel() {
  const crash = useTraining((s) => s.crash);
  const current = useTraining((s) => s.engine?.name ?? 'kernel');
  const saved = useSavedRuns(currentRun);
  const [choice, setChoice] = useState<EngineChoice>(current === 'tfjs-webgl' ? 'kernel' : current);
  if (!crash) return null;
  return (
    <div className="notice error crash" role="alert">
      <strong>{crash}</strong>{' '}
      {saved
        ? `Restart from the last checkpoint (episode ${saved.episodes}) on`
        : 'Nothing was saved yet. Start again on'}{' '}
      <select
        value={choice}
        onChange={(e) => setChoice(e.target.value as EngineChoice)}
        aria-label="Restart engine"
      >
        {ENGINE_CHOICES.map((b) => (
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
  const message = useMessage((s) => s.message);
  if (!message) return null;
  return (
    <p className={`notice ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
      {message.text}{' '}
      <button type="button" className="link" onClick={dismiss} aria-label="Dismiss message">
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
        <SweepPanel />
      </div>
      <div className="right">
        <ComparePanel />
        <TrainingCharts />
        <RewardBreakdown />
        <BellmanTarget />
        <NetworkView />
        <HyperparameterPanel />
      </div>
    </main>
  );
}
