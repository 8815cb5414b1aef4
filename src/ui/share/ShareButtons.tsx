/**
 * Share model: a link that flies the run's latest (or best) model, copied to the clipboard and shown in a
 * field to copy by hand, with a sentence that says which. The settings and weights travel in the link's
 * fragment (train/runs/modelLink.ts), which browsers never send to a server.
 */
import { useState } from 'react';
import type { ModelKind } from '../../train/host/protocol';
import { makeModelLink, sharedFromModelFiles } from '../../train/runs/modelLink';
import { actions, useTraining } from '../playground/trainingStore';
import { describeLinked } from './describeLinked';
import './share.css';

interface Shared {
  link: string | null;
  kind: 'info' | 'error';
  text: string;
}

/** The page's own address without its query or fragment: where a link opens the flight page. */
const pageBase = () => `${window.location.origin}${window.location.pathname}`;

export function ShareButtons() {
  const ready = useTraining((s) => s.phase === 'ready');
  const best = useTraining((s) => s.status?.bestEvaluation ?? null);
  const [shared, setShared] = useState<Shared | null>(null);
  const share = (kind: ModelKind) => async () => {
    try {
      const files = await actions.downloadModel(kind);
      const model = sharedFromModelFiles(files.json, files.weights);
      const made = await makeModelLink(model, pageBase());
      if (!made.ok) {
        setShared({ link: null, kind: 'error', text: `No link was made: ${made.reason}.` });
        return;
      }
      const what = `${describeLinked(model)} The link is ${made.link.length.toLocaleString('en-US')} characters`;
      try {
        await navigator.clipboard.writeText(made.link);
        setShared({ link: made.link, kind: 'info', text: `Copied a link that flies it: ${what}.` });
      } catch {
        setShared({
          link: made.link,
          kind: 'info',
          text: `The browser did not let the page copy it: copy the link below, which flies it. ${what}.`,
        });
      }
    } catch (e) {
      setShared({ link: null, kind: 'error', text: `No link was made: ${(e as Error).message}.` });
    }
  };
  return (
    <div className="share">
      <button
        type="button"
        disabled={!ready}
        onClick={share('latest')}
        title="Copy a link that opens the flight page flying the latest weights, with a button to train on"
      >
        Share model
      </button>
      <button
        type="button"
        disabled={!ready || !best}
        onClick={share('best')}
        title={
          best
            ? `Copy a link that flies the weights of the best greedy evaluation (episode ${best.episode})`
            : 'Available after the first greedy evaluation'
        }
      >
        Share best model
      </button>
      {shared && (
        <div className="shared" role={shared.kind === 'error' ? 'alert' : 'status'}>
          <p>{shared.text}</p>
          {shared.link && (
            <input
              type="text"
              readOnly
              value={shared.link}
              aria-label="Share link"
              onFocus={(e) => e.currentTarget.select()}
            />
          )}
        </div>
      )}
    </div>
  );
}
