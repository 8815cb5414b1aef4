/** The rover's six states with their rewards, the optimal policy's arrows and each state's return. */
import { ROVER_STATES } from './marsRover';
import { formatQ, STATES } from './roverDisplay';
import { useLesson } from './lessonStore';

export function RoverWorld() {
  const table = useLesson((s) => s.table);
  const problem = useLesson((s) => s.problem);
  const rewards = STATES.map((s) =>
    s === 0 ? problem.leftReward : s === ROVER_STATES - 1 ? problem.rightReward : 0,
  );
  const expected = problem.misstep > 0;
  return (
    <section className="rover" aria-label="The rover's world">
      <ol>
        {STATES.map((s) => (
          <li key={s} className={s === 0 || s === ROVER_STATES - 1 ? 'end' : undefined}>
            <span className="state">state {s + 1}</span>
            <span className="reward">R = {rewards[s]}</span>
            <span
              className="arrow"
              role="img"
              aria-label={table?.policy[s] === 0 ? 'go left' : table?.policy[s] === 1 ? 'go right' : 'end'}
            >
              {table?.policy[s] === 0 ? '←' : table?.policy[s] === 1 ? '→' : '■'}
            </span>
            <span className="return">
              {expected ? 'expected return' : 'optimal return'} {table ? formatQ(table.v[s]) : '…'}
            </span>
          </li>
        ))}
      </ol>
      <p className="hint">
        The <strong>return</strong> adds up the rewards along the way, each discounted by γ per step. A{' '}
        <strong>policy</strong> says which way to go in each state; the arrows are the optimal one, the action
        with the larger Q.
      </p>
    </section>
  );
}
