import { useState } from 'react';
import { ENGINE_CHOICES } from '../../agent/engines/engineTable';
import type { EngineChoice } from '../../agent/engines/engineTable';
import { currentRun, useSavedRuns } from '../runs/savedRuns';
import { actions, useTraining } from './trainingStore';

/** The worker died or lost its GPU: say so, and restart from the last checkpoint on a chosen engine. */
export function CrashPanel() {
  const crash = useTraining((s) => s.crash);
  const current = useTraining((s) => s.engine?.name ?? 'kernel');
  const saved = useSavedRuns(currentRun);
  const [choice, setChoice] = useState<EngineChoice>(current === 'tfjs-webgl' ? 'kernel' : current);
  if (!crash) return null;
  return (
    <div className="notice error crash" role="alert">
      <strong>{crash}</strong>{' '}
      {saved
        ? `Restart from the last checkpoint (episode ${saved.episodes}) on`
        : 'Nothing was saved yet. Start again on'}{' '}
      <select
        value={choice}
        onChange={(e) => setChoice(e.target.value as EngineChoice)}
        aria-label="Restart engine"
      >
        {ENGINE_CHOICES.map((b) => (
          <option key={b}>{b}</option>
        ))}
      </select>{' '}
      <button type="button" onClick={() => actions.restart(choice)}>
        Restart training
      </button>
    </div>
  );
}
