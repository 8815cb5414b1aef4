/**
 * The flight page opened from a model link: the shared model flies the lander, greedy (ε = 0) and in real
 * time, in the person's place; the panel says what it is, shows its Q-values for the state on screen, and
 * offers to continue training it. A fragment that is not a model link, or a damaged one, is refused with
 * a sentence, and the person flies as on the plain flight page.
 */
import { useEffect, useMemo, useState } from 'react';
import { argmax, PlainForward } from '../../agent/plainForward';
import { settingsOf } from '../../config/hyperparameters';
import type { DiscreteAction } from '../../env/types';
import { readModelLink, shapeOf } from '../../train/runs/modelLink';
import type { ReadLink, SharedModel } from '../../train/runs/modelLink';
import { runName } from '../../train/runs/runName';
import { FlightPage } from '../flight/FlightPage';
import type { Pilot } from '../flight/FlightPage';
import { describeLinked } from './describeLinked';
import './share.css';

const ACTIONS = ['nothing', 'left engine', 'main engine', 'right engine'];

interface Props {
  /** The address's fragment as the page opened with it. */
  hash: string;
  firstSeed: number | null;
  seedNotice: string | null;
  onContinue(model: SharedModel): void;
}

export function SharedFlight({ hash, firstSeed, seedNotice, onContinue }: Props) {
  const [read, setRead] = useState<ReadLink | null>(null);
  useEffect(() => {
    let live = true;
    void readModelLink(hash).then((result) => live && setRead(result));
    return () => {
      live = false;
    };
  }, [hash]);
  const pilot = useMemo(
    () => (read?.kind === 'model' ? modelPilot(read.model, onContinue) : undefined),
    [read, onContinue],
  );
  // The link is read in a few milliseconds; until then nothing flies, rather than the person.
  if (read === null && hash.replace(/^#/, '') !== '') {
    return (
      <main className="flight">
        <p role="status">Reading the shared model…</p>
      </main>
    );
  }
  return (
    <>
      {read?.kind === 'refused' && (
        <p className="notice error link-refused" role="alert">
          {read.reason} You fly the lander yourself.
        </p>
      )}
      <FlightPage firstSeed={firstSeed} seedNotice={seedNotice} pilot={pilot} />
    </>
  );
}

function modelPilot(model: SharedModel, onContinue: (model: SharedModel) => void): Pilot {
  const policy = new PlainForward(shapeOf(model.config));
  policy.loadFlat(model.weights);
  return {
    act: (observation) => argmax(policy.forward(observation)) as DiscreteAction,
    env: settingsOf('env', model.config),
    panel: (observation, restart) => (
      <LinkedModelPanel
        model={model}
        q={observation ? Array.from(policy.forward(observation)) : null}
        restart={restart}
        onContinue={() => onContinue(model)}
      />
    ),
  };
}

function LinkedModelPanel({
  model,
  q,
  restart,
  onContinue,
}: {
  model: SharedModel;
  q: number[] | null;
  restart: () => void;
  onContinue: () => void;
}) {
  const chosen = q ? argmax(q) : -1;
  return (
    <section aria-label="Shared model" className="shared-model">
      <h2>A shared model flies</h2>
      <p>{describeLinked(model)}</p>
      <p>
        It flies greedily (ε = 0), in real time, on a lander with its own settings ({runName(model.config)}
        ); the keys and engine buttons are its.
      </p>
      <table aria-label="Its Q-values">
        <tbody>
          {ACTIONS.map((name, a) => (
            <tr key={name} className={a === chosen ? 'chosen' : undefined} aria-current={a === chosen}>
              <th scope="row">{name}</th>
              <td className="value">{q ? q[a].toFixed(2) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="actions">
        <button type="button" onClick={restart}>
          Restart
        </button>{' '}
        <button
          type="button"
          onClick={onContinue}
          title="Open the playground with its settings and weights, ready to train on"
        >
          Continue training
        </button>
      </p>
    </section>
  );
}
