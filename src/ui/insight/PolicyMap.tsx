/**
 * The policy map: for every cell of the moon's x–y plane, the action the Q-network picks for a lander
 * there with the drawn lander's velocities, angle and legs, brighter where V(s) = max_a Q(s, a) is
 * higher; or V alone. Drawn at the lander view's scale with the lander over it. The worker computes the
 * grid; this only paints it.
 */
import { useEffect, useRef, useState } from 'react';
import { drawLanderOver } from '../shared/drawLander';
import { ACTION_NAMES, ACTION_RGB, actionColor, rampGradient, valueColor } from './mapColors';
import { frames, policyMap, useTraining } from '../playground/trainingStore';
import type { PolicyMapFrame } from '../../train/host/protocol';

function paint(target: CanvasRenderingContext2D, map: PolicyMapFrame, showValue: boolean): void {
  const cells = document.createElement('canvas');
  cells.width = map.columns;
  cells.height = map.rows;
  const ctx = cells.getContext('2d')!;
  const image = ctx.createImageData(map.columns, map.rows);
  const range = map.max - map.min || 1;
  for (let i = 0; i < map.actions.length; i++) {
    const t = (map.values[i] - map.min) / range;
    const [r, g, b] = showValue ? valueColor(t) : actionColor(map.actions[i], t);
    image.data.set([r, g, b, 255], i * 4);
  }
  ctx.putImageData(image, 0, 0);
  const { width, height } = target.canvas;
  target.imageSmoothingEnabled = false;
  target.drawImage(cells, 0, 0, width, height);
}

function useMapDrawing(
  mapRef: React.RefObject<HTMLCanvasElement | null>,
  overRef: React.RefObject<HTMLCanvasElement | null>,
  showValue: boolean,
) {
  useEffect(() => {
    const mapCanvas = mapRef.current!;
    const over = overRef.current!;
    const mapCtx = mapCanvas.getContext('2d')!;
    const overCtx = over.getContext('2d')!;
    let size = '';
    let drawnMap = -1;
    let drawnFrame = -1;
    let frame = 0;
    const draw = () => {
      const { width, height } = mapCanvas.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      const wanted = `${Math.round(width * dpr)}x${Math.round(height * dpr)}`;
      if (wanted !== size) {
        for (const c of [mapCanvas, over]) {
          c.width = Math.round(width * dpr);
          c.height = Math.round(height * dpr);
        }
        size = wanted;
        drawnMap = drawnFrame = -1;
      }
      if (policyMap.latest && policyMap.version !== drawnMap) {
        paint(mapCtx, policyMap.latest, showValue);
        drawnMap = policyMap.version;
      }
      const latest = frames.latest;
      if (latest && frames.version !== drawnFrame) {
        drawLanderOver(overCtx, latest[0], width, height, dpr);
        drawnFrame = frames.version;
      }
      frame = requestAnimationFrame(draw);
    };
    frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, [mapRef, overRef, showValue]);
}

export function PolicyMap() {
  const mapRef = useRef<HTMLCanvasElement>(null);
  const overRef = useRef<HTMLCanvasElement>(null);
  const [showValue, setShowValue] = useState(false);
  // Re-rendered with each insight frame; the numbers come from the map last received.
  useTraining((s) => s.insight);
  const latest = policyMap.latest;
  const range = latest ? [latest.min, latest.max] : null;
  useMapDrawing(mapRef, overRef, showValue);
  return (
    <section className="policy-map">
      <h2>What it would do anywhere</h2>
      <div className="map-stage">
        <canvas ref={mapRef} className="moon" role="img" aria-label="Policy map" />
        <canvas ref={overRef} className="moon over" aria-hidden="true" />
      </div>
      <div className="map-key">
        {!showValue && (
          <ul className="legend" aria-label="Actions">
            {ACTION_NAMES.map((name, a) => (
              <li key={name}>
                <span className="swatch" style={{ background: `rgb(${ACTION_RGB[a].join(', ')})` }} />
                {name}
              </li>
            ))}
          </ul>
        )}
        <div className="colorbar" role="group" aria-label="Colour bar: V(s) = max Q">
          <span>{range ? range[0].toFixed(1) : '—'}</span>
          <span className="ramp" style={{ background: rampGradient(showValue ? null : 0) }} />
          <span>{range ? range[1].toFixed(1) : '—'}</span>
          <span className="hint">V(s)</span>
        </div>
        <label>
          <input type="checkbox" checked={showValue} onChange={(e) => setShowValue(e.target.checked)} /> Show
          value
        </label>
      </div>
      <p className="hint">
        Each cell is a state: the lander at that spot, with the drawn lander&apos;s speed, tilt and legs. Its
        colour is the greedy action, the one of largest Q(s, a) (the policy); its brightness V(s) = max Q(s,
        a), the return the network expects from there. Watch the policy form as it trains.
      </p>
    </section>
  );
}
