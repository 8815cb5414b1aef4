import { useLesson } from './lessonStore';

/** The DQN's furthest distance from the exact table against updates, on a log scale from 0.1% to 1000%. */
export function ErrorCurve() {
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
