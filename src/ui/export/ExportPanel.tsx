/**
 * Out into the world: the current network, the best evaluation's or the loaded model as an ONNX file, and
 * one greedy flight of it recorded as a video and a GIF. The worker makes the ONNX bytes and flies the
 * episode on a lander of its own (training goes on); the page draws and encodes the frames.
 */
import { useState } from 'react';
import type { ModelSource, RecordedFlight } from '../../train/host/protocol';
import { MAX_FLIGHT_SEED } from '../../train/host/flightSeed';
import { useTraining } from '../playground/trainingStore';
import { trainer } from '../playground/workerClient';
import { download } from '../shared/download';
import { MessageLine } from '../shared/MessageLine';
import { errorText, say } from '../shared/messages';
import { encodeGif, encodeVideo, flightFileName } from './recording';
import './export.css';

const SOURCES: { value: ModelSource; label: string }[] = [
  { value: 'current', label: 'the current network' },
  { value: 'best', label: 'the best evaluation’s' },
  { value: 'loaded', label: 'the loaded model' },
];

/** The ONNX file's name for each model, beside the Layers files' (lunar-lander-dqn.json…). */
export const ONNX_FILES: Record<ModelSource, string> = {
  current: 'lunar-lander-dqn.onnx',
  best: 'lunar-lander-dqn-best.onnx',
  loaded: 'lunar-lander-dqn-loaded.onnx',
};

const randomSeed = () => Math.floor(Math.random() * 10_000);

export function ExportPanel() {
  const ready = useTraining((s) => s.phase === 'ready');
  const hasBest = useTraining((s) => (s.status?.bestEvaluation ?? null) !== null);
  const hasLoaded = useTraining((s) => s.loaded !== null);
  const [chosen, setChosen] = useState<ModelSource>('current');
  const [seed, setSeed] = useState(randomSeed);
  const [busy, setBusy] = useState<string | null>(null);
  const available: Record<ModelSource, boolean> = {
    current: ready,
    best: ready && hasBest,
    loaded: hasLoaded,
  };
  // A choice that went away (a reset clears the best) falls back to the current network.
  const source = available[chosen] ? chosen : 'current';

  const saveOnnx = async () => {
    try {
      download(ONNX_FILES[source], await trainer().onnx(source), 'application/octet-stream');
    } catch (e) {
      say('error', `The ONNX file could not be made: ${errorText(e)}`, 'export');
    }
  };

  const record = async () => {
    if (!Number.isSafeInteger(seed) || seed < 0 || seed > MAX_FLIGHT_SEED) {
      say('error', `The flight's seed must be a whole number from 0 to ${MAX_FLIGHT_SEED}.`, 'export');
      return;
    }
    setBusy('Flying one greedy episode…');
    try {
      const flight: RecordedFlight = await trainer().recordFlight(source, seed);
      const name = flightFileName(flight);
      const frames = flight.frames.length;
      const video = await encodeVideo(flight, (done) =>
        setBusy(`Encoding the video: frame ${done} of ${frames}…`),
      );
      download(`${name}.${video.extension}`, video.data, video.mimeType);
      const gif = await encodeGif(flight, (done) => setBusy(`Making the GIF: frame ${done} of ${frames}…`));
      download(`${name}.gif`, gif, 'image/gif');
      say(
        'info',
        `Recorded ${SOURCES.find((s) => s.value === source)!.label} from seed ${seed}: return ` +
          `${flight.return.toFixed(1)} (${flight.outcome.replace(/_/g, ' ')}) in ${flight.steps} steps, ` +
          `${frames} frames at 50 fps, as ${name}.${video.extension} (${video.codec}) and ${name}.gif.`,
        'export',
      );
    } catch (e) {
      say('error', `The flight could not be recorded: ${errorText(e)}`, 'export');
    } finally {
      setBusy(null);
    }
  };

  return (
    <section className="export" aria-label="Export and record">
      <label>
        Model{' '}
        <select
          value={source}
          onChange={(e) => setChosen(e.target.value as ModelSource)}
          aria-label="Model to export"
        >
          {SOURCES.map((s) => (
            <option key={s.value} value={s.value} disabled={!available[s.value]}>
              {s.label}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        disabled={!available[source]}
        onClick={() => void saveOnnx()}
        title="The network as a standard ONNX graph (input state [N, 8], output q_values [N, 4]) for ONNX Runtime, PyTorch or Netron"
      >
        Download as ONNX
      </button>
      <label>
        Seed{' '}
        <input
          type="number"
          min={0}
          max={MAX_FLIGHT_SEED}
          step={1}
          value={Number.isNaN(seed) ? '' : seed}
          onChange={(e) => setSeed(e.target.value === '' ? Number.NaN : Number(e.target.value))}
          aria-label="Flight seed"
        />
      </label>
      <button
        type="button"
        disabled={!available[source] || busy !== null}
        onClick={() => void record()}
        title="Fly one greedy episode (ε = 0) from this seed on a lander of its own, and save it as a video and a GIF; training goes on"
      >
        Record flight
      </button>
      {busy && (
        <p className="progress" role="status">
          {busy}
        </p>
      )}
      <MessageLine place="export" />
    </section>
  );
}
