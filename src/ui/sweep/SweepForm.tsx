/**
 * A new sweep: up to two hyperparameters with their values and/or seeds over the settings being edited,
 * and how many trials train at once; planned as the command line plans one, refused with the reasons.
 */
import { useState } from 'react';
import { flagName } from '../../config/cliFlags';
import { HYPERPARAMETERS } from '../../config/hyperparameters';
import { planPageSweep } from '../../train/sweep/pagePlan';
import { useTraining } from '../playground/trainingStore';
import { say } from '../shared/messages';
import { maxJobs, sweep } from './sweepStore';

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

export function SweepForm() {
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
