/**
 * The course's Mars rover as a lesson: the exact Q-values from the Bellman equation (iterated in the
 * lesson worker, sweep by sweep if wanted), the optimal policy and returns, and a small DQN learning the
 * same table live. This page draws what the worker sends.
 */
import { useEffect } from 'react';
import { MAX_END_REWARD, MAX_MISSTEP, ROVER_STATES } from './marsRover';
import { lessonActions, useLesson } from './lessonStore';
import './lesson.css';

const STATES = Array.from({ length: ROVER_STATES }, (_, s) => s);
const LR_MIN = 1e-5;
const LR_MAX = 1e-2;
const LR_STEPS = 60;
const q = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(2));

function Problem() {
  const problem = useLesson((s) => s.problem);
  return (
    <section className="lesson-problem" aria-label="The problem">
      <label>
        Discount γ{' '}
        <input
          type="range"
          min={0}
          max={1}
          step={0.01}
          value={problem.gamma}
          aria-label="Discount γ"
          aria-valuetext={String(problem.gamma)}
          onChange={(e) => lessonActions.setProblem({ gamma: Number(e.target.value) })}
        />{' '}
        <output>{problem.gamma.toFixed(2)}</output>
      </label>
      <label>
        Misstep probability{' '}
        <input
          type="range"
          min={0}
          max={MAX_MISSTEP}
          step={0.01}
          value={problem.misstep}
          aria-label="Misstep probability"
          aria-valuetext={String(problem.misstep)}
          onChange={(e) => lessonActions.setProblem({ misstep: Number(e.target.value) })}
        />{' '}
        <output>{problem.misstep.toFixed(2)}</output>
      </label>
      {(['leftReward', 'rightReward'] as const).map((key) => (
        <label key={key}>
          {key === 'leftReward' ? 'Reward at the left end' : 'Reward at the right end'}{' '}
          <input
            type="number"
            min={-MAX_END_REWARD}
            max={MAX_END_REWARD}
            value={problem[key]}
            onChange={(e) =>
              e.target.value !== '' && lessonActions.setProblem({ [key]: Number(e.target.value) })
            }
          />
        </label>
      ))}
      <p className="hint">
        The <strong>discount</strong> γ makes a reward k steps away worth γᵏ of itself now, so a small γ
        prefers the nearer end. With a <strong>misstep</strong> the world is <strong>stochastic</strong>: a
        move goes the other way with that probability, and returns become expected returns.
      </p>
    </section>
  );
}

function Rover() {
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
              {expected ? 'expected return' : 'optimal return'} {table ? q(table.v[s]) : '…'}
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

function QTable() {
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
                  {table ? q(table.q[s][a]) : '…'}
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

function Dqn() {
  const learning = useLesson((s) => s.learning);
  const learned = useLesson((s) => s.learned);
  const settings = useLesson((s) => s.settings);
  const running = learning?.running ?? learned !== null;
  const position = Math.round(
    (Math.log(settings.learningRate / LR_MIN) / Math.log(LR_MAX / LR_MIN)) * LR_STEPS,
  );
  return (
    <section className="dqn-panel" aria-label="DQN">
      <p>
        <button
          type="button"
          className="primary"
          onClick={running ? lessonActions.stop : () => void lessonActions.learn()}
        >
          {running ? 'Stop' : 'Learn it with a DQN'}
        </button>
      </p>
      <label>
        ε (exploration){' '}
        <input
          type="range"
          min={0}
          max={1}
          step={0.01}
          value={settings.epsilon}
          onChange={(e) => void lessonActions.setSettings({ epsilon: Number(e.target.value) })}
        />{' '}
        <output>{settings.epsilon.toFixed(2)}</output>
      </label>
      <label>
        Learning rate{' '}
        <input
          type="range"
          min={0}
          max={LR_STEPS}
          value={position}
          aria-valuetext={String(settings.learningRate)}
          onChange={(e) => {
            const v = LR_MIN * (LR_MAX / LR_MIN) ** (Number(e.target.value) / LR_STEPS);
            void lessonActions.setSettings({ learningRate: Number(v.toPrecision(2)) });
          }}
        />{' '}
        <output>{settings.learningRate}</output>
      </label>
      {learning && learned && (
        <>
          <p data-field="dqn-status">
            {learning.updates} updates, {learning.episodes} episodes; furthest from the exact table by{' '}
            <strong data-field="worst-error">{(100 * learning.worstError).toFixed(1)}%</strong>
            {learning.running ? '' : ' (stopped)'}.
          </p>
          <Convergence />
          <ErrorCurve />
        </>
      )}
      <p className="hint">
        The same DQN as the playground&apos;s (Q-network, replay memory, target network) sees the rover&apos;s
        state as six inputs and learns Q from its own moves. With ε = 1 it moves at random, which is enough to
        learn Q: the Bellman target uses the best next action, not the one taken. A lower learning rate
        settles the values more closely, which matters most when missteps make the targets noisy.
      </p>
    </section>
  );
}

/** Bars of the DQN's Q-values with the exact values as marks on the same scale. */
function Convergence() {
  const learning = useLesson((s) => s.learning)!;
  const all = [...learning.exact.flat(), ...learning.q.flat()];
  const low = Math.min(0, ...all);
  const high = Math.max(1e-9, ...all);
  const x = (v: number) => (100 * (v - low)) / (high - low);
  return (
    <figure className="convergence">
      <svg viewBox="0 0 100 64" preserveAspectRatio="none" aria-hidden="true">
        {STATES.flatMap((s) =>
          [0, 1].map((a) => {
            const y = s * 10.5 + a * 4.5 + 1;
            return (
              <g key={`${s}${a}`}>
                <rect
                  x={x(Math.min(0, learning.q[s][a]))}
                  y={y}
                  width={Math.abs(x(learning.q[s][a]) - x(0))}
                  height={3.6}
                  className={a === 0 ? 'left' : 'right'}
                />
                <rect
                  x={x(learning.exact[s][a]) - 0.3}
                  y={y - 0.5}
                  width={0.6}
                  height={4.6}
                  className="exact"
                />
              </g>
            );
          }),
        )}
      </svg>
      <figcaption>
        The DQN&apos;s Q(s, ←) in blue and Q(s, →) in orange for states 1 to 6, top to bottom; the white marks
        are the exact values.
      </figcaption>
    </figure>
  );
}

/** The DQN's furthest distance from the exact table against updates, on a log scale from 0.1% to 1000%. */
function ErrorCurve() {
  const errors = useLesson((s) => s.errors);
  if (errors.length < 2) return null;
  const first = errors[0][0];
  const last = Math.max(errors[errors.length - 1][0], first + 1);
  const y = (e: number) => 40 * (1 - (Math.log10(Math.min(Math.max(e, 1e-3), 10)) + 3) / 4);
  const points = errors.map(([u, e]) => `${(100 * (u - first)) / (last - first)},${y(e)}`).join(' ');
  return (
    <figure className="error-curve">
      <svg viewBox="0 0 100 40" preserveAspectRatio="none" aria-hidden="true">
        <line x1={0} x2={100} y1={y(0.05)} y2={y(0.05)} className="five" />
        <polyline points={points} />
      </svg>
      <figcaption>
        Furthest from the exact table, as it learns (log scale; the line is 5%): updates {first} to {last}.
      </figcaption>
    </figure>
  );
}

export function MarsRoverLesson() {
  const error = useLesson((s) => s.error);
  useEffect(() => void lessonActions.refresh(), []);
  return (
    <main className="lesson">
      <p className="lesson-intro">
        The course&apos;s Mars rover: six states in a row, a reward at each end, nothing between. In each
        state it can go left or right; reaching an end collects its reward and ends the episode. Which way
        should it go, and what is each choice worth?
      </p>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
      <Problem />
      <Rover />
      <QTable />
      <Dqn />
    </main>
  );
}
