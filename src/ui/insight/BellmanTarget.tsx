/** The Bellman target of the drawn transition, with the numbers in the formula, as the worker computed it. */
import { ACTION_NAMES } from './mapColors';
import { useTraining } from '../playground/trainingStore';

const n = (v: number) => v.toFixed(3);

export function BellmanTarget() {
  const b = useTraining((s) => s.insight?.bellman ?? null);
  if (!b) return <section className="bellman" aria-label="Bellman target" />;
  return (
    <section className="bellman" aria-label="Bellman target">
      <h2>Bellman target for the step on screen</h2>
      <p className="formula">y = r + γ(1 − done)·max_a′ Q̂(s′, a′)</p>
      <dl>
        <dt>Q(s, a), a = {ACTION_NAMES[b.action]}</dt>
        <dd data-field="q" data-value={b.q}>
          {n(b.q)}
        </dd>
        <dt>r</dt>
        <dd data-field="reward" data-value={b.reward}>
          {n(b.reward)}
        </dd>
        <dt>
          {b.doubleDqn
            ? `Q̂(s′, a′), a′ = argmax Q(s′, ·) = ${ACTION_NAMES[b.nextAction]} (Double DQN)`
            : `max_a′ Q̂(s′, a′), a′ = ${ACTION_NAMES[b.nextAction]}`}
        </dt>
        <dd data-field="next-value" data-value={b.nextValue}>
          {n(b.nextValue)}
        </dd>
        <dt>done</dt>
        <dd data-field="done" data-value={b.done ? 1 : 0}>
          {b.done ? 1 : 0}
        </dd>
        <dt>γ</dt>
        <dd data-field="gamma" data-value={b.gamma}>
          {b.gamma}
        </dd>
      </dl>
      <p className="formula">
        y = {n(b.reward)} + {b.gamma}·(1 − {b.done ? 1 : 0})·{n(b.nextValue)} ={' '}
        <strong data-field="target" data-value={b.target}>
          {n(b.target)}
        </strong>
      </p>
      <p className="formula">
        TD error y − Q(s, a) = {n(b.target)} − {n(b.q)} ={' '}
        <strong data-field="td-error" data-value={b.tdError}>
          {n(b.tdError)}
        </strong>
      </p>
      <p className="hint">
        The Bellman equation says Q(s, a) should equal the reward now plus γ times the best value of the next
        state; the target network Q̂ gives that value. Learning moves Q(s, a) towards y by a step proportional
        to the TD error. At the end of an episode (done) nothing follows, so y = r.
      </p>
    </section>
  );
}
