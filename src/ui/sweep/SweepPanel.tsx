/**
 * "Sweep": one or two hyperparameters' values and/or seeds over the settings being edited, each trial in
 * its own worker, as many at once as there are cores to spare. The panel holds the form until a sweep
 * starts, then its progress, Pause/Resume/Stop for the whole sweep, its trials and the ranking once it ends.
 */
import { useEffect } from 'react';
import { SweepForm } from './SweepForm';
import { SweepRanking } from './SweepRanking';
import { SweepTrials } from './SweepTrials';
import { maxJobs, sweep, useSweep } from './sweepStore';
import './sweep.css';

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
          <SweepTrials trials={trials} follow={follow} />
          {(phase === 'done' || phase === 'stopped') && <SweepRanking trials={trials} />}
        </>
      )}
    </section>
  );
}
