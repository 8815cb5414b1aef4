/**
 * Saved runs: resume, rename, download (latest or best model, history) or delete; tick some to compare, or
 * import a command-line run into the comparison; and the storage they use.
 */
import { useRef, useState } from 'react';
import { SAVE_EVERY_MS } from '../../train/host/autosave';
import type { ModelKind, RunSummary } from '../../train/host/protocol';
import { compare, useCompare } from '../compare/compareStore';
import { download, downloadModelFiles } from '../shared/download';
import { say } from '../shared/messages';
import { savedRuns, useSavedRuns } from './savedRuns';
import './runs.css';

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function RunRow({ run, current }: { run: RunSummary; current: boolean }) {
  const [editing, setEditing] = useState<string | null>(null);
  const fail = (what: string) => (e: unknown) => say('error', `${what}: ${(e as Error).message}`);
  const model = (kind: ModelKind) => () =>
    savedRuns
      .model(run.id, kind)
      .then((files) => downloadModelFiles(kind, files))
      .catch(fail('The model could not be saved'));
  const best = run.bestEvaluation ?? null;
  const ticked = useCompare((s) => s.ticked.includes(run.id));
  return (
    <li className={current ? 'current' : undefined}>
      {editing === null ? (
        <span className="run-name">
          <input
            type="checkbox"
            checked={ticked}
            onChange={() => compare.toggle(run.id)}
            aria-label={`Compare ${run.name}`}
          />{' '}
          {run.name}
          {current && ' (this run)'}
        </span>
      ) : (
        <input
          aria-label={`New name for ${run.name}`}
          value={editing}
          maxLength={80}
          onChange={(e) => setEditing(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') void savedRuns.rename(run.id, editing).then(() => setEditing(null));
            if (e.key === 'Escape') setEditing(null);
          }}
        />
      )}
      <span className="run-facts">
        {new Date(run.updated).toLocaleString('en-GB', { dateStyle: 'short', timeStyle: 'short' })} ·{' '}
        {run.episodes} episodes · best mean of 100:{' '}
        {run.bestAvg100 === null ? '—' : run.bestAvg100.toFixed(1)} · best greedy evaluation:{' '}
        {best ? `${best.mean.toFixed(1)} at episode ${best.episode}` : '—'} · {run.preset}
        {!run.withReplay && ' · saved without replay memory'}
      </span>
      <span className="run-actions">
        {!current && (
          <button
            type="button"
            onClick={() => void savedRuns.resume(run.id)}
            aria-label={`Resume ${run.name}`}
          >
            Resume
          </button>
        )}
        <button type="button" onClick={() => setEditing(run.name)} aria-label={`Rename ${run.name}`}>
          Rename
        </button>
        <button type="button" aria-label={`Download the model of ${run.name}`} onClick={model('latest')}>
          Model
        </button>
        <button
          type="button"
          aria-label={`Download the best model of ${run.name}`}
          disabled={!best}
          onClick={model('best')}
        >
          Best model
        </button>
        <button
          type="button"
          aria-label={`Download the history of ${run.name}`}
          onClick={() =>
            savedRuns
              .historyCsv(run.id)
              .then((csv) => download('lunar-lander-history.csv', csv, 'text/csv'))
              .catch(fail('The history could not be saved'))
          }
        >
          History
        </button>
        <button
          type="button"
          aria-label={`Delete ${run.name}`}
          onClick={() => {
            if (window.confirm(`Delete “${run.name}”? This cannot be undone.`)) void savedRuns.remove(run.id);
          }}
        >
          Delete
        </button>
      </span>
    </li>
  );
}

const PERSISTENCE = {
  kept: 'Saved runs are kept until you delete them.',
  'may-clear': 'The browser may clear these when space runs low.',
} as const;

export function RunsPanel() {
  const runs = useSavedRuns((s) => s.runs);
  const autosaveOff = useSavedRuns((s) => s.autosaveOff);
  const lastSave = useSavedRuns((s) => s.lastSave);
  const persistence = useSavedRuns((s) => s.persistence);
  return (
    <section className="runs" aria-label="Runs">
      <h2>Runs</h2>
      <p className="hint" role="status">
        {autosaveOff ??
          `Autosave every ${SAVE_EVERY_MS / 1000} s of training and on Pause. ${lastSave ?? ''}`}
      </p>
      <CompareControls runs={runs?.runs ?? []} />
      {runs && runs.runs.length > 0 && (
        <ul>
          {runs.runs.map((run) => (
            <RunRow key={run.id} run={run} current={run.id === runs.current} />
          ))}
        </ul>
      )}
      {!!runs?.damaged && (
        <p className="hint">
          {runs.damaged === 1 ? 'One saved run is' : `${runs.damaged} saved runs are`} damaged in the
          browser&apos;s storage and cannot be listed.
        </p>
      )}
      {runs?.usage && (
        <p className="hint">
          Storage used: {megabytes(runs.usage.used)} of {megabytes(runs.usage.quota)}
        </p>
      )}
      {persistence && !!runs?.runs.length && (
        <p className="hint" data-field="persistence">
          {PERSISTENCE[persistence]}
        </p>
      )}
    </section>
  );
}

function CompareControls({ runs }: { runs: RunSummary[] }) {
  const ticked = useCompare((s) => s.ticked.filter((id) => runs.some((r) => r.id === id)).length);
  const imported = useCompare((s) => s.runs.filter((r) => r.origin === 'imported').length);
  const input = useRef<HTMLInputElement>(null);
  return (
    <p className="compare-controls">
      <button
        type="button"
        disabled={ticked === 0 || ticked + imported < 2}
        onClick={() => void compare.showTicked(runs)}
        title="Tick two or more runs (or one and an imported run) to compare them"
      >
        Compare{ticked ? ` (${ticked})` : ''}
      </button>{' '}
      <label className="file">
        Import a command-line run
        <input
          ref={input}
          type="file"
          multiple
          accept=".csv,.json"
          aria-label="Import a command-line run (its config.json and history.csv)"
          onChange={(e) => {
            const files = Array.from(e.target.files ?? []);
            if (input.current) input.current.value = '';
            void compare.importFiles(files);
          }}
        />
      </label>
    </p>
  );
}
