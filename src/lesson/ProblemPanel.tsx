/** The problem to solve: the discount, the chance of a misstep and the rewards at the two ends. */
import { MAX_END_REWARD, MAX_MISSTEP } from './marsRover';
import { lessonActions, useLesson } from './lessonStore';

export function ProblemPanel() {
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
