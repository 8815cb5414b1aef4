/**
 * The exact Q-values beside the DQN's, and the Bellman sweeps that compute them, one at a time or to the end.
 */
import { formatQ, STATES } from './roverDisplay';
import { lessonActions, useLesson } from './lessonStore';

export function QTable() {
  const table = useLesson((s) => s.table);
  const sweeps = useLesson((s) => s.sweeps);
  const learning = useLesson((s) => s.learning);
  return (
    <section className="qtable" role="region" aria-label="Q-values">
      <table>
        <thead>
          <tr>
            <th scope="col">state</th>
            <th scope="col">Q(s, ←)</th>
            <th scope="col">Q(s, →)</th>
            {learning && <th scope="col">DQN Q(s, ←)</th>}
            {learning && <th scope="col">DQN Q(s, →)</th>}
          </tr>
        </thead>
        <tbody>
          {STATES.map((s) => (
            <tr key={s}>
              <th scope="row">{s + 1}</th>
              {[0, 1].map((a) => (
                <td
                  key={a}
                  data-state={s + 1}
                  data-action={a === 0 ? 'left' : 'right'}
                  data-value={table?.q[s][a]}
                >
                  {table ? formatQ(table.q[s][a]) : '…'}
                </td>
              ))}
              {learning &&
                [0, 1].map((a) => (
                  <td
                    key={`dqn${a}`}
                    className="dqn"
                    data-state={s + 1}
                    data-dqn={a === 0 ? 'left' : 'right'}
                    data-value={learning.q[s][a]}
                  >
                    {learning.q[s][a].toFixed(2)}
                  </td>
                ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="sweeps" data-field="sweeps">
        {table
          ? table.converged
            ? `Converged after ${table.sweeps} sweeps of the Bellman equation.`
            : `After ${table.sweeps} sweep${table.sweeps === 1 ? '' : 's'} from Q = 0.`
          : '…'}{' '}
        <button type="button" onClick={lessonActions.fromZero} disabled={sweeps === 0}>
          From zero
        </button>{' '}
        <button type="button" onClick={lessonActions.sweep}>
          One sweep
        </button>{' '}
        <button type="button" onClick={lessonActions.converge} disabled={sweeps === null}>
          To convergence
        </button>
      </p>
      <p className="hint">
        The <strong>Q-function</strong> Q(s, a) is the return from starting in s, taking a, then acting
        optimally. The <strong>Bellman equation</strong> Q(s, a) = R(s) + γ·max Q(s′, a′) (averaged over where
        a misstep can land) defines it; applying it to every state again and again, sweep after sweep, spreads
        the values from the ends until nothing changes.
      </p>
    </section>
  );
}
