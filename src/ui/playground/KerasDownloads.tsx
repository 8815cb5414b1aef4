/**
 * The latest and the best model as Keras .h5 files, in the layout the course lab's TensorFlow Keras writes,
 * so that its notebook's `tf.keras.models.load_model('lunar_lander_model.h5')` opens them. The worker
 * writes the file (HDF5 loads there on this first use, not with the page).
 */
import type { ModelKind } from '../../train/host/protocol';
import { download, KERAS_FILES } from '../shared/download';
import { say } from '../shared/messages';
import { actions, useTraining } from './trainingStore';

export function KerasDownloads() {
  const ready = useTraining((s) => s.phase === 'ready');
  const best = useTraining((s) => s.status?.bestEvaluation ?? null);
  const save = (kind: ModelKind) => async () => {
    try {
      download(KERAS_FILES[kind], await actions.downloadKerasModel(kind), 'application/x-hdf5');
    } catch (e) {
      say('error', `The Keras file could not be saved: ${(e as Error).message}`, 'models');
    }
  };
  return (
    <>
      <button
        type="button"
        disabled={!ready}
        onClick={save('latest')}
        title={`The latest weights as ${KERAS_FILES.latest}, for Keras's load_model`}
      >
        Download as Keras .h5
      </button>
      <button
        type="button"
        disabled={!ready || !best}
        onClick={save('best')}
        title={
          best
            ? `The best greedy evaluation's weights (episode ${best.episode}) as ${KERAS_FILES.best}`
            : 'Available after the first greedy evaluation'
        }
      >
        Download best as Keras .h5
      </button>
    </>
  );
}
