/** Q(s, a) of the drawn state for the four actions, the chosen one highlighted, and how it was chosen. */
import { useTraining } from './trainingStore';

const ACTIONS = ['nothing', 'left engine', 'main engine', 'right engine'];

export function QValueBars() {
  const decision = useTraining((s) => s.decision);
  if (!decision) return <section className="qvalues" aria-label="Q-values" />;
  const { qValues, action, explored } = decision;
  // Bars span the four values' own range: what matters is which action looks best, and by how much.
  const low = Math.min(...qValues);
  const range = Math.max(1e-9, Math.max(...qValues) - low);
  return (
    <section className="qvalues" aria-label="Q-values">
      <h2>
        Q(s, a){' '}
        <span className={explored ? 'explore' : 'exploit'}>
          {explored ? 'explore: random action' : 'exploit: best Q'}
        </span>
      </h2>
      <ul>
        {qValues.map((q, a) => (
          <li key={ACTIONS[a]} className={a === action ? 'chosen' : undefined} aria-current={a === action}>
            <span className="label">{ACTIONS[a]}</span>
            <span className="track">
              <span className="bar" style={{ width: `${8 + (92 * (q - low)) / range}%` }} />
            </span>
            <span className="value">{q.toFixed(2)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
