/**
 * The latest and the best (or proven) model as Keras files: the legacy .h5 in the layout the course lab's TensorFlow
 * Keras writes, so that its notebook's `tf.keras.models.load_model('lunar_lander_model.h5')` opens it, and
 * Keras 3's own .keras. The worker writes them (HDF5 loads there on this first use, not with the page).
 */
import { Fragment } from 'react';
import type { ModelKind } from '../../train/host/protocol';
import { download, KERAS_FILES } from '../shared/download';
import { say } from '../shared/messages';
import { actions, useTraining } from './trainingStore';

const FORMATS = [
  { format: 'h5', label: 'Keras .h5', type: 'application/x-hdf5' },
  { format: 'keras', label: '.keras', type: 'application/zip' },
] as const;

export function KerasDownloads() {
  const ready = useTraining((s) => s.phase === 'ready');
  const best = useTraining((s) => s.status?.bestEvaluation ?? null);
  // As in the Models panel: the best is the proven model while no later one has replaced it.
  const proven = useTraining((s) => s.status?.proven ?? null);
  const bestIsProven = proven !== null && best !== null && proven.confirmation.episode === best.episode;
  const save = (kind: ModelKind, format: 'h5' | 'keras', type: string) => async () => {
    try {
      download(KERAS_FILES[format][kind], await actions.downloadKerasModel(kind, format), type);
    } catch (e) {
      say('error', `The Keras file could not be saved: ${(e as Error).message}`, 'models');
    }
  };
  return FORMATS.map(({ format, label, type }) => (
    <Fragment key={format}>
      <button
        type="button"
        disabled={!ready}
        onClick={save('latest', format, type)}
        title={`The latest weights as ${KERAS_FILES[format].latest}, for Keras's load_model`}
      >
        Download as {label}
      </button>
      <button
        type="button"
        disabled={!ready || !best}
        onClick={save('best', format, type)}
        title={
          best
            ? `The ${bestIsProven ? 'proven model' : 'best greedy evaluation'}'s weights (episode ${best.episode}) as ${KERAS_FILES[format].best}`
            : 'Available after the first greedy evaluation'
        }
      >
        Download {bestIsProven ? 'proven' : 'best'} as {label}
      </button>
    </Fragment>
  ));
}
