/**
 * The drawn episode's return in Gymnasium's reward parts (a stacked bar that grows as the episode runs),
 * the last step's parts, and the discounted return with the current γ. Numbers from the worker.
 */
import { OBSERVATION_NAMES } from '../../env/observation';
import { REWARD_PART_KEYS } from '../../env/rewardParts';
import { useTraining } from '../playground/trainingStore';

/** The reward the whole bar stands for until an episode's parts add up to more. */
const BAR_SCALE = 300;

const PARTS: Record<(typeof REWARD_PART_KEYS)[number], { label: string; color: string }> = {
  distance: { label: 'nearer the pad', color: '#4f8df5' },
  speed: { label: 'slower', color: '#5fd6c8' },
  tilt: { label: 'more upright', color: '#b58cf0' },
  // The legs' parts pay for observations 6 and 7, so they carry those observations' names.
  rightLeg: { label: `${OBSERVATION_NAMES[6]} down`, color: '#5fd68b' },
  leftLeg: { label: `${OBSERVATION_NAMES[7]} down`, color: '#9ad65f' },
  mainFuel: { label: 'main engine fuel', color: '#f08a3c' },
  sideFuel: { label: 'side engine fuel', color: '#f5b642' },
  terminal: { label: 'landed +100 / crashed −100', color: '#e8e8f0' },
};

/** Fixed digits, without a “−0.00” for a tiny cost. */
const fixed = (v: number, digits = 2) => (Math.abs(v) < 0.5 * 10 ** -digits ? 0 : v).toFixed(digits);

export function RewardBreakdown() {
  const reward = useTraining((s) => s.insight?.reward ?? null);
  const lastReward = useTraining((s) => s.insight?.bellman?.reward ?? null);
  if (!reward) return <section className="reward" aria-label="Reward breakdown" />;
  const { episode, last } = reward;
  // Gains right of the line, costs left, on a fixed scale until they outgrow it: the bar grows with the
  // episode.
  const gains = REWARD_PART_KEYS.reduce((s, k) => s + Math.max(episode[k], 0), 0);
  const costs = REWARD_PART_KEYS.reduce((s, k) => s - Math.min(episode[k], 0), 0);
  const span = Math.max(gains + costs, BAR_SCALE);
  return (
    <section className="reward" aria-label="Reward breakdown">
      <h2>Reward and return</h2>
      <p>
        Return so far{' '}
        <strong data-field="return" data-value={reward.return}>
          {fixed(reward.return, 1)}
        </strong>{' '}
        in {reward.steps} steps; discounted from the first step, <span className="formula">G = Σ γᵗ rₜ</span>{' '}
        ={' '}
        <strong data-field="discounted" data-value={reward.discountedReturn}>
          {fixed(reward.discountedReturn, 1)}
        </strong>{' '}
        with γ = {reward.gamma}.
      </p>
      <div className="stack" aria-hidden="true">
        <span className="zero" style={{ left: `${(100 * ((span - gains - costs) / 2 + costs)) / span}%` }} />
        <span style={{ width: `${(100 * (span - gains - costs)) / 2 / span}%` }} />
        {REWARD_PART_KEYS.filter((k) => episode[k] < 0).map((k) => (
          <span
            key={k}
            title={`${PARTS[k].label}: ${fixed(episode[k])}`}
            style={{ width: `${(-100 * episode[k]) / span}%`, background: PARTS[k].color }}
          />
        ))}
        {REWARD_PART_KEYS.filter((k) => episode[k] > 0).map((k) => (
          <span
            key={k}
            title={`${PARTS[k].label}: ${fixed(episode[k])}`}
            style={{ width: `${(100 * episode[k]) / span}%`, background: PARTS[k].color }}
          />
        ))}
      </div>
      <table>
        <thead>
          <tr>
            <th scope="col">part</th>
            <th scope="col">this episode</th>
            <th scope="col">last step</th>
          </tr>
        </thead>
        <tbody>
          {REWARD_PART_KEYS.map((k) => (
            <tr key={k} data-part={k}>
              <th scope="row">
                <span className="swatch" style={{ background: PARTS[k].color }} /> {PARTS[k].label}
              </th>
              <td data-value={episode[k]}>{fixed(episode[k])}</td>
              <td data-value={last ? last[k] : ''}>{last ? fixed(last[k], 3) : '—'}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">sum = reward</th>
            <td>{fixed(reward.return)}</td>
            <td data-field="last-reward" data-value={lastReward ?? ''}>
              {lastReward === null ? '—' : fixed(lastReward, 3)}
            </td>
          </tr>
        </tfoot>
      </table>
      <p className="hint">
        Each step&apos;s reward is the change of a score for being near the pad, slow, upright and on its
        legs, less the fuel burnt; landing or crashing ends the episode with +100 or −100 instead. The return
        adds the rewards up; discounting with γ counts a reward t steps ahead γᵗ times.
      </p>
    </section>
  );
}
