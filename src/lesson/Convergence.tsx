import { STATES } from './roverDisplay';
import { useLesson } from './lessonStore';

/** Bars of the DQN's Q-values with the exact values as marks on the same scale. */
export function Convergence() {
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
