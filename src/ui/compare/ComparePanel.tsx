/** The comparison: the runs' curves on one chart, a legend of their names, and the settings in which they differ. */
import { differingKeys } from '../../config/differences';
import { SPECS } from '../../config/hyperparameters';
import { CompareChart } from './CompareChart';
import { compare, RUN_COLOURS, useCompare } from './compareStore';
import './compare.css';

export function ComparePanel() {
  const runs = useCompare((s) => s.runs);
  if (runs.length === 0) return null;
  const colours = runs.map((_, i) => RUN_COLOURS[i % RUN_COLOURS.length]);
  const keys = differingKeys(runs.map((r) => r.config));
  return (
    <section className="compare" aria-label="Comparison">
      <h2>
        Comparison{' '}
        <button type="button" className="link" onClick={compare.close} aria-label="Close the comparison">
          ×
        </button>
      </h2>
      <CompareChart runs={runs} colours={colours} />
      <ul className="compare-legend" aria-label="Compared runs">
        {runs.map((r, i) => (
          <li key={r.id}>
            <span className="swatch" style={{ background: colours[i] }} aria-hidden="true" />
            {r.name}
            {r.origin === 'imported' && <span className="hint"> · command line</span>}{' '}
            <button
              type="button"
              className="link"
              onClick={() => compare.remove(r.id)}
              aria-label={`Remove ${r.name} from the comparison`}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {keys.length === 0 ? (
        <p className="hint">These runs share every setting: what differs is chance.</p>
      ) : (
        <table className="compare-settings" aria-label="Settings that differ">
          <thead>
            <tr>
              <th scope="col">Setting</th>
              {runs.map((r, i) => (
                <th scope="col" key={r.id} style={{ color: colours[i] }}>
                  {r.name}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k}>
                <th scope="row">{SPECS.get(k)!.label}</th>
                {runs.map((r) => (
                  <td key={r.id}>{String(r.config[k])}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
