/** Beside the γ slider: how far ahead the discount lets the agent look, 1/(1 − γ) steps, and in seconds. */
import { REAL_TIME } from '../../train/host/speed';

export function EffectiveHorizon({ gamma }: { gamma: number }) {
  const steps = 1 / (1 - gamma);
  return (
    <span className="horizon" data-field="horizon">
      effective horizon 1/(1 − γ) = {steps < 100 ? steps.toFixed(1) : Math.round(steps)} steps ={' '}
      {(steps / REAL_TIME).toFixed(steps / REAL_TIME < 10 ? 2 : 1)} s at {REAL_TIME} steps/s
    </span>
  );
}
