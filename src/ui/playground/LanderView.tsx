/** Env 0 as the worker last reported it (other parallel envs as ghosts), redrawn on animation frames. */
import { useEffect, useRef } from 'react';
import { drawLander } from '../shared/drawLander';
import { frames } from './trainingStore';

export function LanderView() {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const canvas = canvasRef.current!;
    const ctx = canvas.getContext('2d')!;
    let drawn = -1;
    let size = '';
    let frame = 0;
    const draw = () => {
      const { width, height } = canvas.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      const wanted = `${Math.round(width * dpr)}x${Math.round(height * dpr)}`;
      if (wanted !== size) {
        canvas.width = Math.round(width * dpr);
        canvas.height = Math.round(height * dpr);
        size = wanted;
        drawn = -1;
      }
      const latest = frames.latest;
      if (latest && frames.version !== drawn) {
        drawLander(ctx, latest[0], width, height, dpr, latest.slice(1));
        drawn = frames.version;
      }
      frame = requestAnimationFrame(draw);
    };
    frame = requestAnimationFrame(draw);
    return () => cancelAnimationFrame(frame);
  }, []);
  return (
    <canvas
      ref={canvasRef}
      className="moon"
      role="img"
      aria-label="The lander the agent is flying: moon, helipad flags, lander and engine flames"
    />
  );
}
