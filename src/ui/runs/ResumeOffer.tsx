import { savedRuns, useSavedRuns } from './savedRuns';
import './runs.css';

/** A saved run on opening the page, offered for resuming. */
export function ResumeOffer() {
  const offer = useSavedRuns((s) => s.resumeOffer);
  if (!offer) return null;
  return (
    <div className="notice info offer" role="status">
      Resume your last run “{offer.name}” ({offer.episodes} episodes)?{' '}
      <button type="button" onClick={() => void savedRuns.resume(offer.id)}>
        Resume last run
      </button>{' '}
      <button type="button" onClick={savedRuns.declineResume}>
        Start fresh
      </button>
    </div>
  );
}
