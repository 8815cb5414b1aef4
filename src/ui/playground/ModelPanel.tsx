/**
 * Models and records in and out: the best weights (the proven model, once the run is proven) first, then
 * the latest, history and evaluations, a model file to load (to watch, or to continue training with its own
 * settings or the page's), and the loaded model to fly again. What a load did, or why it was refused, is
 * said here, where the user acted.
 */
import { useRef, useState } from 'react';
import type { LoadedModelInfo, ModelKind, ModelUse } from '../../train/host/protocol';
import { download, downloadModelFiles } from '../shared/download';
import { MessageLine } from '../shared/MessageLine';
import { KerasDownloads } from './KerasDownloads';
import { say } from '../shared/messages';
import { ShareButtons } from '../share/ShareButtons';
import { actions, useTraining } from './trainingStore';

const USES: { value: ModelUse; label: string }[] = [
  { value: 'watch', label: 'then watch it fly' },
  { value: 'continue-own', label: 'then continue training with its own settings' },
  { value: 'continue-page', label: 'then continue training with this page’s settings' },
];

/** "constant.json (8-8 network, trained 12 episodes)" */
function describe(model: LoadedModelInfo): string {
  const trained = model.episodes !== null ? `, trained ${model.episodes} episodes` : '';
  return `${model.name} (${model.network} network${trained})`;
}

export function ModelPanel() {
  const ready = useTraining((s) => s.phase === 'ready');
  // Loading needs only the worker, not its trainer: a model can be read and flown while the engine is chosen.
  const canLoad = useTraining((s) => s.phase !== 'failed');
  const best = useTraining((s) => s.status?.bestEvaluation ?? null);
  const loaded = useTraining((s) => s.loaded);
  const watching = useTraining((s) => s.status?.state === 'watching');
  // The best is the proven model while no later one has replaced it (a run told to spend its budget).
  const proven = useTraining((s) => s.status?.proven ?? null);
  const bestIsProven = proven !== null && best !== null && proven.confirmation.episode === best.episode;
  const save = (kind: ModelKind) => async () => {
    try {
      downloadModelFiles(kind, await actions.downloadModel(kind));
    } catch (e) {
      say('error', `The model could not be saved: ${(e as Error).message}`, 'models');
    }
  };
  const [use, setUse] = useState<ModelUse>('watch');
  const input = useRef<HTMLInputElement>(null);
  const onFiles = (files: FileList | null) => {
    const list = Array.from(files ?? []);
    if (input.current) input.current.value = '';
    if (list.length === 1 && /\.(h5|keras)$/i.test(list[0].name)) {
      void actions.loadKerasModel(list[0], use);
      return;
    }
    const json = list.find((f) => f.name.toLowerCase().endsWith('.json'));
    const weights = list.find((f) => f !== json);
    if (!json || !weights || list.length !== 2) {
      say(
        'error',
        'Choose both files of a model together (its .json description and its .bin weights), or one Keras .h5 or .keras file. Nothing was loaded.',
        'models',
      );
      return;
    }
    void actions.loadModel(json, weights, use);
  };
  return (
    <section className="models" aria-label="Models">
      <button
        type="button"
        disabled={!ready || !best}
        onClick={save('best')}
        title={
          bestIsProven
            ? `The model that proved the run (episode ${best.episode}), confirmed on moons that did not choose it`
            : best
              ? `The weights of the best confirmed greedy evaluation so far (episode ${best.episode})`
              : 'Available after the first greedy evaluation'
        }
      >
        {bestIsProven ? 'Download proven model' : 'Download best model'}
      </button>
      <button type="button" disabled={!ready} onClick={save('latest')} title="The latest weights">
        Download model
      </button>
      <ShareButtons />
      <KerasDownloads />
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
          accept=".json,.bin,.h5,.keras"
          aria-label="Load model"
          disabled={!canLoad}
          onChange={(e) => onFiles(e.target.files)}
        />
      </label>
      <select value={use} onChange={(e) => setUse(e.target.value as ModelUse)} aria-label="After loading">
        {USES.map((u) => (
          <option key={u.value} value={u.value}>
            {u.label}
          </option>
        ))}
      </select>
      {loaded && (
        <p className="loaded">
          Loaded: {describe(loaded)}
          {loaded.settingsProblem ? `; it ${loaded.settingsProblem}` : ''}.{' '}
          <button
            type="button"
            disabled={!canLoad || watching}
            onClick={() => void actions.watchLoaded()}
            title="Fly one episode with ε = 0 from the loaded model; training waits"
          >
            Watch loaded model
          </button>
        </p>
      )}
      <MessageLine place="models" />
    </section>
  );
}
