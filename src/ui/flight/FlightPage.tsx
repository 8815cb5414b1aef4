/**
 * The env made visible: fly Gymnasium's LunarLander-v3 with the keyboard or the engine buttons under the
 * moon, in real time (50 steps per second, every step drawn), with the return, outcome and the observation
 * the agent will see.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ReactNode } from 'react';
import { heuristicContinuous, heuristicDiscrete } from '../../env/heuristic';
import { FPS, LunarLander } from '../../env/lunarLander';
import { OBSERVATION_NAMES } from '../../env/observation';
import type { Action, LunarLanderOptions, Outcome } from '../../env/types';
import { drawLander } from '../shared/drawLander';
import { useMediaQuery } from '../shared/useMediaQuery';
import { EngineButtons } from './EngineButtons';
import { actionFromControls } from './pilotInput';
import type { Engine } from './pilotInput';
import { useHeldKeys } from './useKeyboard';
import './flight.css';

const STEP_MS = 1000 / FPS;
// After a background-tab pause, catch up at most this much instead of fast-forwarding the flight.
const MAX_CATCH_UP_MS = 100;

const OUTCOME_TEXT: Record<Outcome, string> = {
  landed: 'Landed: the lander came to rest (+100)',
  crashed: 'Crashed: the body touched the ground (−100)',
  out_of_bounds: 'Out of bounds: flew off the side (−100)',
  time_limit: 'Time limit: 1000 steps without coming to rest',
};

interface Flight {
  seed: number;
  step: number;
  total: number;
  observation: number[];
  outcome?: Outcome;
}

const newSeed = () => Math.floor(Math.random() * 1_000_000);

/** A pilot other than the person (a shared model, ui/share): it flies every step, and the controls are its. */
export interface Pilot {
  /** The action for the lander's observation. */
  act(observation: readonly number[]): Action;
  /** The lander it flies: its own gravity, wind and time limit. */
  env: LunarLanderOptions;
  /** What the panel shows in place of the person's controls, for the observation on screen. */
  panel(observation: readonly number[] | null, restart: () => void): ReactNode;
}

/**
 * `firstSeed` (the address's `?seed=N`) flies that moon first, so a link reproduces a flight; Restart (or
 * R) then picks new ones. `seedNotice` says why the address's seed could not be flown.
 */
export function FlightPage({
  firstSeed,
  seedNotice,
  pilot,
}: {
  firstSeed: number | null;
  seedNotice: string | null;
  pilot?: Pilot;
}) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [continuous, setContinuous] = useState(false);
  const [flight, setFlight] = useState<Flight | null>(null);
  const [restarts, setRestarts] = useState(0);
  const [autopilot, setAutopilot] = useState(false);
  // Read by the game loop each step, so switching pilots takes over mid-flight instead of restarting.
  const autopilotRef = useRef(autopilot);
  useEffect(() => {
    autopilotRef.current = autopilot;
  }, [autopilot]);
  const restart = useCallback(() => setRestarts((n) => n + 1), []);
  const held = useHeldKeys((key) => {
    if (key === 'r') restart();
  });
  // The engine buttons held now, read by the game loop each step as the keys are.
  const buttons = useRef(new Set<Engine>());
  const hold = useCallback((engine: Engine, firing: boolean) => {
    if (firing) buttons.current.add(engine);
    else buttons.current.delete(engine);
  }, []);
  // A touch screen's pilot has no R key to press: the page names the button instead.
  const touch = useMediaQuery('(pointer: coarse)');

  useEffect(() => {
    const canvas = canvasRef.current!;
    const ctx = canvas.getContext('2d')!;
    const env = new LunarLander(pilot ? pilot.env : { continuous });
    const seed = (restarts === 0 ? firstSeed : null) ?? newSeed();
    let state: Flight = { seed, step: 0, total: 0, observation: Array.from(env.reset(seed).observation) };
    let changed = true; // the panel re-renders once per frame at most, not once per step

    let frame = 0;
    let last = performance.now();
    let pending = 0;
    const tick = (now: number) => {
      pending = Math.min(pending + now - last, MAX_CATCH_UP_MS);
      last = now;
      while (pending >= STEP_MS && state.outcome === undefined) {
        pending -= STEP_MS;
        const action = pilot
          ? pilot.act(state.observation)
          : !autopilotRef.current
            ? actionFromControls(held.current, buttons.current, continuous)
            : continuous
              ? heuristicContinuous(state.observation)
              : heuristicDiscrete(state.observation);
        const r = env.step(action);
        state = {
          seed,
          step: state.step + 1,
          total: state.total + r.reward,
          observation: Array.from(r.observation),
          outcome: r.info.outcome,
        };
        changed = true;
      }
      if (changed) {
        setFlight(state);
        changed = false;
      }
      const { width, height } = canvas.getBoundingClientRect();
      const dpr = window.devicePixelRatio || 1;
      if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
        canvas.width = Math.round(width * dpr);
        canvas.height = Math.round(height * dpr);
      }
      drawLander(ctx, env.renderSnapshot(), width, height, dpr);
      frame = requestAnimationFrame(tick);
    };
    frame = requestAnimationFrame(tick);
    return () => cancelAnimationFrame(frame);
  }, [continuous, restarts, held, firstSeed, pilot]);

  return (
    <main className="flight">
      <div className="stage">
        <canvas
          ref={canvasRef}
          className="moon"
          role="img"
          aria-label="Lunar Lander: the moon, the helipad between two flags, and the lander"
        />
        {!pilot && <EngineButtons hold={hold} restart={restart} />}
        {/* Under the buttons, so that an ending moves neither the moon nor the buttons under a thumb. */}
        {flight?.outcome && (
          <div className={`banner ${flight.outcome}`} role="status">
            <strong>{OUTCOME_TEXT[flight.outcome]}</strong>
            <span>
              Return {flight.total.toFixed(1)} in {flight.step} steps.{' '}
              {touch ? 'Tap Restart to fly again.' : 'Press R or Restart to fly again.'}
            </span>
          </div>
        )}
      </div>

      <aside className="panel">
        {seedNotice && (
          <p className="notice" role="alert">
            {seedNotice}
          </p>
        )}
        <section aria-label="Flight status" className="status">
          <h2>Flight</h2>
          <dl>
            <dt>Seed</dt>
            <dd>{flight?.seed ?? '…'}</dd>
            <dt>Step</dt>
            <dd>{flight?.step ?? 0}</dd>
            <dt>Return</dt>
            <dd className={flight && flight.total >= 200 ? 'good' : undefined}>
              {flight?.total.toFixed(1) ?? '0.0'}
            </dd>
            <dt>Outcome</dt>
            <dd>{flight?.outcome ? flight.outcome.replace(/_/g, ' ') : 'flying'}</dd>
          </dl>
        </section>

        <section aria-label="Observation" className="observation">
          <h2>What the agent sees</h2>
          <table>
            <tbody>
              {OBSERVATION_NAMES.map((label, i) => (
                <tr key={label}>
                  <th scope="row">
                    s{i} {label}
                  </th>
                  <td>{flight ? flight.observation[i].toFixed(3) : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>

        {pilot?.panel(flight?.observation ?? null, restart)}
        <section aria-label="Controls" className="controls" hidden={pilot !== undefined}>
          <h2>Fly it</h2>
          {touch ? (
            <p className="keys">
              Hold the engine buttons under the moon to fire them; Restart flies a new moon.
            </p>
          ) : (
            <p className="keys">
              <kbd>↑</kbd> main engine · <kbd>←</kbd> <kbd>→</kbd> side engines · <kbd>R</kbd> new moon, or
              hold the buttons under the moon
            </p>
          )}
          <label className="toggle">
            <input type="checkbox" checked={autopilot} onChange={(e) => setAutopilot(e.target.checked)} />
            Autopilot: Gymnasium&apos;s heuristic pilot flies
          </label>
          <label className="toggle">
            <input type="checkbox" checked={continuous} onChange={(e) => setContinuous(e.target.checked)} />
            Continuous engines (fire main and side together)
          </label>
          <p className="hint">
            Land between the flags and come to rest for +100. Every frame of fuel costs a little; a 200 return
            is Gymnasium&apos;s bar for “solved”.
          </p>
        </section>
      </aside>
    </main>
  );
}
