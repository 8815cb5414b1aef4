/** The sweep's trials as they run, each with its phase and progress; the ticked one's lander is drawn. */
import { sweep } from './sweepStore';
import type { SweepTrial } from './sweepStore';

function TrialRow({ t, follow }: { t: SweepTrial; follow: boolean }) {
  return (
    <li data-phase={t.phase}>
      <label>
        <input
          type="radio"
          name="sweep-follow"
          checked={follow}
          onChange={() => sweep.follow(t.index)}
          aria-label={`Draw the lander of ${t.name}`}
        />{' '}
        {t.name}
      </label>
      <span className="run-facts">
        {' '}
        · {t.phase} · {t.episodes} episodes{t.solvedAt !== null && ` · solved at ${t.solvedAt}`}
        {t.error && ` · ${t.error}`}
      </span>
    </li>
  );
}

export function SweepTrials({ trials, follow }: { trials: SweepTrial[]; follow: number | null }) {
  return (
    <ul className="sweep-trials">
      {trials.map((t) => (
        <TrialRow key={t.index} t={t} follow={follow === t.index} />
      ))}
    </ul>
  );
}
