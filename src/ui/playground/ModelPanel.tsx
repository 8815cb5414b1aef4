/**
 * Models and records in and out: the best weights (the proven model, once the run is proven) first, then
 * the latest, history and evaluations, a model file to load.
 */
import { useRef, useState } from 'react';
import type { ModelKind } from '../../train/host/protocol';
import { download, downloadModelFiles } from '../shared/download';
import { say } from '../shared/messages';
import { actions, useTraining } from './trainingStore';

export function ModelPanel() {
  const ready = useTraining((s) => s.phase === 'ready');
  const best = useTraining((s) => s.status?.bestEvaluation ?? null);
  // The best is the proven model while no later one has replaced it (a run told to spend its budget).
  const proven = useTraining((s) => s.status?.proven ?? null);
  const bestIsProven = proven !== null && best !== null && proven.confirmation.episode === best.episode;
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
