/**
 * Below the lander, never over it: the milestones reached (solved, greedy policy lands, proven), each of
 * which the user may close for the run, and the episode being watched.
 */
import type { WatchedEpisode } from '../../train/host/protocol';
import { landsOn } from './confirmationText';
import { actions, useTraining } from './trainingStore';
import type { Milestone } from './trainingStore';

function duration(seconds: number): string {
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const m = Math.floor(seconds / 60);
  return `${m} min ${Math.round(seconds - 60 * m)} s`;
}

/** The × is drawn by CSS, so that the banner's text (read by people and tests) stays the milestone alone. */
function DismissButton({ milestone, name }: { milestone: Milestone; name: string }) {
  return (
    <button
      type="button"
      className="link dismiss"
      aria-label={`Dismiss the ${name} banner`}
      title="Dismiss"
      onClick={() => actions.dismissMilestone(milestone)}
    />
  );
}

/** Whose network flies, as the worker reports it, so that the words can only name what flies. */
function flown(episode: WatchedEpisode): string {
  return episode.policy === 'loaded'
    ? `the loaded model${episode.model ? ` “${episode.model}”` : ''}`
    : 'the greedy policy of the training agent';
}

export function Banners() {
  const solved = useTraining((s) => s.solved);
  const greedyLands = useTraining((s) => s.greedyLands);
  const proven = useTraining((s) => s.proven);
  const stopWhen = useTraining((s) => s.status?.config.stopWhen);
  const dismissed = useTraining((s) => s.dismissed);
  const watching = useTraining((s) => s.status?.watching);
  const watched = useTraining((s) => s.status?.watched);
  return (
    <>
      {/* One column, so that milestones reached together stack instead of covering each other. */}
      <div className="banners">
        {solved && !dismissed.includes('solved') && (
          <div className="banner landed solved" role="status">
            <DismissButton milestone="solved" name="Solved" />
            <strong>
              Solved in {solved.episode} episodes ({solved.envSteps.toLocaleString('en')} steps,{' '}
              {duration(solved.seconds)})
            </strong>
            <span>
              The mean of the last 100 returns reached 200.{' '}
              {stopWhen === 'proven' && !proven
                ? 'Training goes on until the best model is proven on unseen moons.'
                : 'Training may go on.'}
            </span>
          </div>
        )}
        {greedyLands && !dismissed.includes('greedyLands') && (
          <div className="banner landed greedy-lands" role="status">
            <DismissButton milestone="greedyLands" name="Greedy policy lands" />
            <strong>
              Greedy policy lands: mean {greedyLands.mean.toFixed(1)} over {greedyLands.episodes} evaluation
              episodes at episode {greedyLands.episode}
            </strong>
            <span>With ε = 0, on moons it never trained on. Download the best model to keep it.</span>
          </div>
        )}
        {proven && !dismissed.includes('proven') && (
          <div className="banner landed proven" role="status">
            <DismissButton milestone="proven" name="Proven" />
            <strong>
              Proven in {proven.episode} episodes ({proven.envSteps.toLocaleString('en')} steps,{' '}
              {duration(proven.seconds)}): {landsOn(proven.confirmation)}
            </strong>
            <span>
              The model of episode {proven.confirmation.episode}, flown greedily on moons that did not choose
              it, after the course’s rule was met. Download the proven model to keep it.
            </span>
          </div>
        )}
        {watching && (
          <div className="banner watching" role="status">
            <strong>Watching {flown(watching)} (ε = 0)</strong>
            <span>
              Return {watching.return.toFixed(1)} after {watching.steps} steps; training waits.
            </span>
          </div>
        )}
      </div>
      {!watching && watched && (
        <p className="watched" role="status">
          Last watched episode ({flown(watched)}): return {watched.return.toFixed(1)} in {watched.steps} steps
          {watched.outcome ? ` (${watched.outcome.replace(/_/g, ' ')})` : ''}.
        </p>
      )}
    </>
  );
}
