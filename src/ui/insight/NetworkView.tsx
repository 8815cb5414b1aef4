/**
 * The Q-network as TensorFlow Playground draws one: the eight inputs by name with their values for the
 * drawn state, every hidden unit as a cell lit by its activation (a ReLU at 0 stays dark), the four
 * outputs with their Q-values, and the weights as lines (colour the sign, width the size; between the
 * hidden layers only the strongest). The worker sends the numbers; this draws them.
 */
import { useEffect, useRef } from 'react';
import { OBSERVATION_NAMES } from '../../env/observation';
import type { NetworkFrame } from '../../train/host/protocol';
import { ACTION_NAMES } from './mapColors';
import { useTraining } from '../playground/trainingStore';

const HEIGHT = 300;
const POSITIVE = '79, 141, 245';
const NEGATIVE = '240, 138, 60';

function column(count: number, x: number, top: number, bottom: number): [number, number][] {
  const gap = (bottom - top) / count;
  return Array.from({ length: count }, (_, i) => [x, top + gap * (i + 0.5)]);
}

function lines(
  ctx: CanvasRenderingContext2D,
  from: [number, number][],
  to: [number, number][],
  pick: (k: number) => [number, number, number],
  count: number,
): void {
  let largest = 1e-9;
  for (let k = 0; k < count; k++) largest = Math.max(largest, Math.abs(pick(k)[2]));
  for (let k = 0; k < count; k++) {
    const [i, j, w] = pick(k);
    const size = Math.abs(w) / largest;
    ctx.strokeStyle = `rgba(${w >= 0 ? POSITIVE : NEGATIVE}, ${0.08 + 0.6 * size})`;
    ctx.lineWidth = 0.3 + 2.2 * size;
    ctx.beginPath();
    ctx.moveTo(from[i][0], from[i][1]);
    ctx.lineTo(to[j][0], to[j][1]);
    ctx.stroke();
  }
}

function cells(ctx: CanvasRenderingContext2D, at: [number, number][], values: number[], gap: number): void {
  const top = Math.max(1e-9, ...values);
  const h = Math.max(2, gap - 1);
  at.forEach(([x, y], i) => {
    const t = Math.max(values[i], 0) / top;
    ctx.fillStyle = values[i] > 0 ? `rgb(${40 + 215 * t}, ${40 + 190 * t}, ${60 + 60 * t})` : '#0b0d16';
    ctx.fillRect(x - 7, y - h / 2, 14, h);
    ctx.strokeStyle = '#39405c';
    ctx.lineWidth = 0.5;
    ctx.strokeRect(x - 7, y - h / 2, 14, h);
  });
}

function draw(canvas: HTMLCanvasElement, net: NetworkFrame): void {
  const { width } = canvas.getBoundingClientRect();
  const dpr = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(HEIGHT * dpr);
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, HEIGHT);
  const h1 = net.hidden1.length;
  const h2 = net.hidden2.length;
  const acts = net.q.length;
  const inputs = column(OBSERVATION_NAMES.length, 0.27 * width, 10, HEIGHT - 10);
  const hidden1 = column(h1, 0.45 * width, 6, HEIGHT - 6);
  const hidden2 = column(h2, 0.62 * width, 6, HEIGHT - 6);
  const outputs = column(acts, 0.78 * width, 40, HEIGHT - 40);
  lines(ctx, inputs, hidden1, (k) => [Math.floor(k / h1), k % h1, net.weights1[k]], 8 * h1);
  lines(
    ctx,
    hidden1,
    hidden2,
    (k) => [net.strongest[3 * k], net.strongest[3 * k + 1], net.strongest[3 * k + 2]],
    net.strongest.length / 3,
  );
  lines(ctx, hidden2, outputs, (k) => [Math.floor(k / acts), k % acts, net.weights3[k]], h2 * acts);
  cells(ctx, hidden1, net.hidden1, (HEIGHT - 12) / h1);
  cells(ctx, hidden2, net.hidden2, (HEIGHT - 12) / h2);

  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  const best = net.q.indexOf(Math.max(...net.q));
  inputs.forEach(([x, y], i) => {
    ctx.fillStyle = '#dfe3f0';
    ctx.textAlign = 'right';
    ctx.fillText(`${OBSERVATION_NAMES[i]} ${net.inputs[i].toFixed(2)}`, x - 10, y);
    ctx.fillStyle = '#8066e6';
    ctx.beginPath();
    ctx.arc(x, y, 5, 0, 2 * Math.PI);
    ctx.fill();
  });
  outputs.forEach(([x, y], a) => {
    ctx.fillStyle = a === best ? '#5fd68b' : '#dfe3f0';
    ctx.beginPath();
    ctx.arc(x, y, 6, 0, 2 * Math.PI);
    ctx.fill();
    ctx.textAlign = 'left';
    ctx.fillText(`${ACTION_NAMES[a]} ${net.q[a].toFixed(2)}`, x + 12, y);
  });
}

export function NetworkView() {
  const net = useTraining((s) => s.insight?.network ?? null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const drawn = useRef(net);
  useEffect(() => {
    drawn.current = net;
    if (net && canvasRef.current) draw(canvasRef.current, net);
  }, [net]);
  // Drawn again at its new width: a hidden tab's canvas has none, and a paused run sends no new frame.
  useEffect(() => {
    const canvas = canvasRef.current!;
    const resized = new ResizeObserver(() => drawn.current && draw(canvas, drawn.current));
    resized.observe(canvas);
    return () => resized.disconnect();
  }, []);
  const dead1 = net ? net.hidden1.filter((v) => v <= 0).length : 0;
  const dead2 = net ? net.hidden2.filter((v) => v <= 0).length : 0;
  return (
    <figure className="network" aria-label="Q-network">
      <canvas ref={canvasRef} style={{ height: HEIGHT }} aria-hidden="true" />
      <figcaption>
        {net ? (
          <>
            Inputs {OBSERVATION_NAMES.map((name, i) => `${name} ${net.inputs[i].toFixed(2)}`).join(', ')}.
            Hidden layers of {net.hidden1.length} and {net.hidden2.length} ReLU units; {dead1} and {dead2} of
            them are at 0 for this state (dark). Q-values{' '}
            {ACTION_NAMES.map((a, i) => `${a} ${net.q[i].toFixed(2)}`).join(', ')}. Blue lines are positive
            weights, orange negative, wider for larger; between the hidden layers only the strongest are
            drawn.
          </>
        ) : (
          'The Q-network appears once the trainer has started.'
        )}
      </figcaption>
    </figure>
  );
}
