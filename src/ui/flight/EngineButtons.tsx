/**
 * The engines as on-screen buttons that fire while held, for a touch screen (or a mouse): a finger down
 * fires, lifting it, sliding off or the browser taking the touch over stops. From the keyboard, Space or
 * Enter held on a focused button fires it the same way.
 */
import { useState } from 'react';
import type { Engine } from './pilotInput';

const ENGINES: { engine: Engine; name: string; symbol: string }[] = [
  { engine: 'left', name: 'Left engine', symbol: '◀' },
  { engine: 'main', name: 'Main engine', symbol: '▲' },
  { engine: 'right', name: 'Right engine', symbol: '▶' },
];

const HOLD_KEYS = new Set([' ', 'Enter']);

function HoldButton({
  engine,
  name,
  symbol,
  hold,
}: {
  engine: Engine;
  name: string;
  symbol: string;
  hold: (engine: Engine, firing: boolean) => void;
}) {
  const [firing, setFiring] = useState(false);
  const set = (on: boolean) => {
    setFiring(on);
    hold(engine, on);
  };
  return (
    <button
      type="button"
      className={firing ? 'engine firing' : 'engine'}
      onPointerDown={(e) => {
        if (e.button !== 0) return;
        // A touch is held by the button it began on; let go of it, so that sliding off stops the engine.
        if (e.currentTarget.hasPointerCapture(e.pointerId))
          e.currentTarget.releasePointerCapture(e.pointerId);
        set(true);
      }}
      onPointerUp={() => set(false)}
      onPointerCancel={() => set(false)}
      onPointerLeave={() => set(false)}
      onKeyDown={(e) => {
        if (!HOLD_KEYS.has(e.key)) return;
        e.preventDefault(); // no click on release: holding is the whole of it
        if (!e.repeat) set(true);
      }}
      onKeyUp={(e) => HOLD_KEYS.has(e.key) && set(false)}
      onBlur={() => set(false)}
      // A long press would open the phone's menu for the button instead of firing.
      onContextMenu={(e) => e.preventDefault()}
    >
      <span aria-hidden="true">{symbol}</span> {name}
    </button>
  );
}

/** The three engine buttons and Restart, in one row under the moon. */
export function EngineButtons({
  hold,
  restart,
}: {
  hold: (engine: Engine, firing: boolean) => void;
  restart: () => void;
}) {
  return (
    <div className="pilot" role="group" aria-label="Flight controls">
      {ENGINES.map((e) => (
        <HoldButton key={e.engine} {...e} hold={hold} />
      ))}
      <button type="button" className="restart" onClick={restart}>
        Restart
      </button>
    </div>
  );
}
