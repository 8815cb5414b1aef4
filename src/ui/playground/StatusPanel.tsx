/**
 * The run in numbers: its state, episode, mean of the last 100, ε, learning rate, speed, steps, updates,
 * greedy evaluations (the best's confirmation too), when it was proven, and engine.
 */
import type { EvaluationInFlight } from '../../train/host/progress';
import type { EvaluationReport } from '../../train/host/protocol';
import { landsOn } from './confirmationText';
import { useTraining } from './trainingStore';

/** "153.2 ± 40.1, 7/10 landed, episode 250" */
function evaluation(e: EvaluationReport | null | undefined): string {
  if (!e) return '—';
  return `${e.mean.toFixed(1)} ± ${e.std.toFixed(1)}, ${e.outcomes.landed}/${e.episodes} landed, episode ${e.episode}`;
}

/** "confirming episode 300's weights beside training" */
function inFlight(e: EvaluationInFlight): string {
  const what = `${e.confirming ? 'confirming' : 'evaluating'} episode ${e.episode}’s weights`;
  if (e.waiting) return `${what}; training waits for the result`;
  return e.threaded ? `${what} beside training` : `${what}, in slices between training’s`;
}

export function StatusPanel() {
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
        <dt>Evaluation under way</dt>
        <dd
          data-field="evaluating"
          title="Greedy evaluations fly a copy of the weights on a thread of their own; each result is applied at a point it fixes in training steps, so runs do not depend on how fast it flew"
        >
          {status?.evaluating ? inFlight(status.evaluating) : '—'}
        </dd>
        <dt>Best evaluation</dt>
        <dd
          data-field="bestEvaluation"
          className={status?.bestEvaluation && status.bestEvaluation.mean >= 200 ? 'good' : undefined}
        >
          {evaluation(status?.bestEvaluation)}
        </dd>
        <dt>Best, confirmed</dt>
        <dd
          data-field="bestConfirmation"
          title="The best model flown again on moons that did not choose it; the best is the highest of these"
        >
          {status?.bestEvaluation?.confirmation ? landsOn(status.bestEvaluation.confirmation) : '—'}
        </dd>
        <dt>Proven</dt>
        <dd data-field="proven" className={status?.proven ? 'good' : undefined}>
          {status?.proven
            ? `episode ${status.proven.episode}: ${landsOn(status.proven.confirmation)}`
            : status?.config.stopWhen === 'proven'
              ? 'not yet: training goes on until it is'
              : 'not yet'}
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
