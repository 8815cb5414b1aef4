/** The DQN learning the same table: start or stop it, its ε and learning rate, how close it has come. */
import { Convergence } from './Convergence';
import { ErrorCurve } from './ErrorCurve';
import { lessonActions, useLesson } from './lessonStore';

const LR_MIN = 1e-5;
const LR_MAX = 1e-2;
const LR_STEPS = 60;

export function DqnPanel() {
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
