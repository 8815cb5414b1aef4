/** The ended sweep's trials ranked, from the comparison's curves and the trials' own results. */
import { sweepTable } from '../../train/sweep/table';
import { useCompare } from '../compare/compareStore';
import type { SweepTrial } from './sweepStore';

export function SweepRanking({ trials }: { trials: SweepTrial[] }) {
  const runs = useCompare((s) => s.runs);
  const rows = sweepTable(
    trials.flatMap((t) => {
      const run = runs.find((r) => r.id === `sweep-${t.index}`);
      if (!run || run.curves.episode.length === 0) return [];
      const summary = { solved: t.solvedAt !== null, seconds: t.seconds, best: null };
      return [{ name: t.name, run: { ...run, summary } }];
    }),
  ).rows;
  return (
    <table className="compare-settings" aria-label="Sweep ranking">
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Trial</th>
          <th scope="col">Solved at</th>
          <th scope="col">Best evaluation</th>
          <th scope="col">Best mean of 100</th>
          <th scope="col">Wall time</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.trial}>
            <td>{r.rank}</td>
            <th scope="row">{r.trial}</th>
            <td>{r.solvedAt ?? '—'}</td>
            <td>{r.bestEval === null ? '—' : r.bestEval.toFixed(1)}</td>
            <td>{(r.bestAvg100 ?? r.finalAvg100).toFixed(1)}</td>
            <td>{r.seconds === null ? '—' : `${r.seconds.toFixed(0)} s`}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
