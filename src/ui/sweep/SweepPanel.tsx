/**
 * "Sweep": one or two hyperparameters' values and/or seeds over the settings being edited, each trial in
 * its own worker, as many at once as there are cores to spare; Pause/Resume/Stop for the whole sweep,
 * which trial's lander is drawn, and the ranking once it ends.
 */
import { useEffect, useState } from 'react';
import { flagName } from '../../config/cliFlags';
import { HYPERPARAMETERS } from '../../config/hyperparameters';
import { planPageSweep } from '../../train/sweep/pagePlan';
import { sweepTable } from '../../train/sweep/table';
import { useCompare } from '../compare/compareStore';
import { maxJobs, sweep, useSweep } from './sweepStore';
import type { SweepTrial } from './sweepStore';
import { useTraining } from '../playground/trainingStore';
import { say } from '../shared/messages';

const SWEEPABLE = HYPERPARAMETERS.filter((p) => p.key !== 'seed');

function AxisField({
  n,
  value,
  onChange,
}: {
  n: number;
  value: [string, string];
  onChange: (v: [string, string]) => void;
}) {
  return (
    <span className="sweep-axis">
      <select
        aria-label={`Sweep hyperparameter ${n}`}
        value={value[0]}
        onChange={(e) => onChange([e.target.value, value[1]])}
      >
        <option value="">—</option>
        {SWEEPABLE.map((p) => (
          <option key={p.key} value={p.key}>
            {p.label}
          </option>
        ))}
      </select>
      <input
        aria-label={`Values of sweep hyperparameter ${n}`}
        placeholder="values, e.g. 0.98, 0.99"
        value={value[1]}
        onChange={(e) => onChange([value[0], e.target.value])}
      />
    </span>
  );
}

function SweepForm() {
  const draft = useTraining((s) => s.draft);
  const [axes, setAxes] = useState<[string, string][]>([
    ['', ''],
    ['', ''],
  ]);
  const [seeds, setSeeds] = useState('');
  const [jobs, setJobs] = useState(maxJobs());
  const begin = () => {
    const grid = axes.filter(([k]) => k).map(([k, v]) => `${flagName(k).slice(2)}=${v}`);
    const plan = planPageSweep(draft, grid, seeds);
    if (!plan.ok) {
      say('error', `No sweep: ${plan.errors.map((e) => e.message).join('; ')}`);
      return;
    }
    sweep.start(plan.value, jobs);
  };
  return (
    <div className="sweep-form">
      {axes.map((a, i) => (
        <AxisField
          key={i}
          n={i + 1}
          value={a}
          onChange={(v) => setAxes(axes.map((x, j) => (j === i ? v : x)))}
        />
      ))}
      <label>
        Seeds{' '}
        <input
          aria-label="Sweep seeds"
          placeholder="e.g. 0-3"
          value={seeds}
          onChange={(e) => setSeeds(e.target.value)}
        />
      </label>
      <label>
        At once{' '}
        <input
          type="number"
          aria-label="Trials at once"
          min={1}
          max={maxJobs()}
          value={jobs}
          onChange={(e) => setJobs(Math.max(1, Math.min(maxJobs(), Number(e.target.value) || 1)))}
        />
      </label>
      <button type="button" onClick={begin}>
        Run sweep
      </button>
      <p className="hint">
        Each trial takes the settings being edited (Episodes included), changed only in what is swept, and
        becomes a saved run. Up to {maxJobs()} train at once here.
      </p>
    </div>
  );
}

function TrialRow({ t, follow }: { t: SweepTrial; follow: boolean }) {
  return (
    <li data-phase={t.phase}>
      <label>
        <input
          type="radio"
          name="sweep-follow"
          checked={follow}
          onChange={() => sweep.follow(t.index)}
          aria-label={`Draw the lander of ${t.name}`}
        />{' '}
        {t.name}
      </label>
      <span className="run-facts">
        {' '}
        · {t.phase} · {t.episodes} episodes{t.solvedAt !== null && ` · solved at ${t.solvedAt}`}
        {t.error && ` · ${t.error}`}
      </span>
    </li>
  );
}

function Ranking({ trials }: { trials: SweepTrial[] }) {
  const runs = useCompare((s) => s.runs);
  const rows = sweepTable(
    trials.flatMap((t) => {
      const run = runs.find((r) => r.id === `sweep-${t.index}`);
      if (!run || run.curves.episode.length === 0) return [];
      const summary = { solved: t.solvedAt !== null, seconds: t.seconds, best: null };
      return [{ name: t.name, run: { ...run, summary } }];
    }),
  ).rows;
  return (
    <table className="compare-settings" aria-label="Sweep ranking">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Trial</th>
          <th scope="col">Solved at</th>
          <th scope="col">Best evaluation</th>
          <th scope="col">Best mean of 100</th>
          <th scope="col">Wall time</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.trial}>
            <td>{r.rank}</td>
            <th scope="row">{r.trial}</th>
            <td>{r.solvedAt ?? '—'}</td>
            <td>{r.bestEval === null ? '—' : r.bestEval.toFixed(1)}</td>
            <td>{(r.bestAvg100 ?? r.finalAvg100).toFixed(1)}</td>
            <td>{r.seconds === null ? '—' : `${r.seconds.toFixed(0)} s`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function SweepPanel() {
  const { phase, trials, follow, jobs } = useSweep();
  useEffect(() => void sweep.restore(), []);
  const done = trials.filter((t) => t.phase === 'done').length;
  const running = trials.filter((t) => ['starting', 'running', 'finishing'].includes(t.phase)).length;
  return (
    <section className="sweep" aria-label="Sweep">
      <h2>Sweep</h2>
      {phase === 'idle' ? (
        <SweepForm />
      ) : (
        <>
          <p className="hint" role="status" data-field="sweep-status">
            {phase} · {done}/{trials.length} done · {running} running
          </p>
          <p className="compare-controls">
            {phase === 'running' && (
              <button type="button" onClick={sweep.pause}>
                Pause sweep
              </button>
            )}
            {phase === 'paused' && (
              <button type="button" onClick={sweep.resume}>
                Resume sweep
              </button>
            )}
            {(phase === 'running' || phase === 'paused') && (
              <button type="button" onClick={() => void sweep.stop()}>
                Stop sweep
              </button>
            )}
            {(phase === 'running' || phase === 'paused') && (
              <label>
                At once{' '}
                <input
                  type="number"
                  aria-label="Trials at once"
                  min={1}
                  max={maxJobs()}
                  value={jobs}
                  onChange={(e) => sweep.setJobs(Number(e.target.value))}
                />
              </label>
            )}
            {(phase === 'done' || phase === 'stopped') && (
              <button type="button" onClick={sweep.dismiss}>
                New sweep
              </button>
            )}
          </p>
          <ul className="sweep-trials">
            {trials.map((t) => (
              <TrialRow key={t.index} t={t} follow={follow === t.index} />
            ))}
          </ul>
          {(phase === 'done' || phase === 'stopped') && <Ranking trials={trials} />}
        </>
      )}
    </section>
  );
}
