/**
 * One control per entry of the hyperparameter table, grouped as the table groups them: a slider and a
 * number field for numbers (the slider on a log scale where the table says so), a checkbox or a choice
 * otherwise. The help text shows on hover and focus. Live settings act on the running agent at once;
 * restart ones are marked and wait for Reset.
 */
import { useState } from 'react';
import { HYPERPARAMETERS } from '../../config/hyperparameters';
import type { Group, Key, NumberSpec, ParamSpec } from '../../config/hyperparameters';
import { parseText } from '../../config/validate';
import { EffectiveHorizon } from '../insight/EffectiveHorizon';
import { actions, useTraining } from './trainingStore';

const GROUPS: { group: Group; title: string }[] = [
  { group: 'exploration', title: 'Exploration' },
  { group: 'learning', title: 'Learning' },
  { group: 'network', title: 'Network' },
  { group: 'memory', title: 'Memory' },
  { group: 'run', title: 'Run' },
  { group: 'environment', title: 'Environment' },
];
const SLIDER_STEPS = 1000;

/** Slider position 0–SLIDER_STEPS ↔ value, linear or logarithmic between min and max. */
function toSlider(spec: NumberSpec, value: number): number {
  if (spec.scale === 'log') {
    const lo = Math.log(spec.min);
    return Math.round(((Math.log(value) - lo) / (Math.log(spec.max) - lo)) * SLIDER_STEPS);
  }
  return Math.round(((value - spec.min) / (spec.max - spec.min)) * SLIDER_STEPS);
}

function fromSlider(spec: NumberSpec, position: number): number {
  const t = position / SLIDER_STEPS;
  const raw =
    spec.scale === 'log'
      ? Math.exp(Math.log(spec.min) + t * (Math.log(spec.max) - Math.log(spec.min)))
      : spec.min + t * (spec.max - spec.min);
  // Round to the table's step, and to 3 significant digits on a log scale, so values read cleanly.
  const stepped = Math.round(raw / spec.step) * spec.step;
  const value = spec.scale === 'log' ? Number(stepped.toPrecision(3)) : Number(stepped.toFixed(10));
  return Math.min(spec.max, Math.max(spec.min, spec.kind === 'integer' ? Math.round(value) : value));
}

/**
 * The next value an arrow key (or Page Up/Down, `positions` at a time) reaches: the first slider position
 * whose rounded value differs. One position is often less than the table's step (ε moves by 0.01, a
 * position is 0.001) or rounds back to the same integer (batch size on its log scale), so the browser's
 * own one-position step would leave the value where it was.
 */
function nudge(spec: NumberSpec, value: number, positions: number): number {
  const direction = Math.sign(positions);
  for (let p = toSlider(spec, value) + positions; p >= 0 && p <= SLIDER_STEPS; p += direction) {
    const next = fromSlider(spec, p);
    if (direction > 0 ? next > value : next < value) return next;
  }
  return value;
}

const KEY_POSITIONS: Record<string, number> = {
  ArrowRight: 1,
  ArrowUp: 1,
  ArrowLeft: -1,
  ArrowDown: -1,
  PageUp: SLIDER_STEPS / 10,
  PageDown: -SLIDER_STEPS / 10,
};

function NumberControl({ spec, value }: { spec: NumberSpec; value: number }) {
  const [text, setText] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const commit = () => {
    if (text === null) return;
    const parsed = parseText(spec, text);
    if ('error' in parsed) {
      setError(parsed.error);
      return;
    }
    setError(null);
    setText(null);
    void actions.edit(spec.key as Key, parsed.value);
  };
  const errorId = `${spec.key}-error`;
  return (
    <>
      <input
        type="range"
        min={0}
        max={SLIDER_STEPS}
        value={toSlider(spec, value)}
        aria-label={spec.label}
        aria-valuetext={String(value)}
        aria-describedby={`${spec.key}-help`}
        onChange={(e) => {
          setText(null);
          setError(null);
          void actions.edit(spec.key as Key, fromSlider(spec, Number(e.target.value)));
        }}
        onKeyDown={(e) => {
          const positions = KEY_POSITIONS[e.key];
          if (positions === undefined) return;
          e.preventDefault();
          const next = nudge(spec, value, positions);
          if (next === value) return;
          setText(null);
          setError(null);
          void actions.edit(spec.key as Key, next);
        }}
      />
      <input
        type="text"
        inputMode="decimal"
        className="number"
        value={text ?? String(value)}
        aria-label={`${spec.label} value`}
        aria-invalid={error !== null}
        aria-describedby={error ? errorId : `${spec.key}-help`}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setText(null);
            setError(null);
          }
        }}
      />
      {error && (
        <span className="field-error" id={errorId} role="alert">
          {error}
        </span>
      )}
    </>
  );
}

function Control({ spec, value }: { spec: ParamSpec; value: unknown }) {
  switch (spec.kind) {
    case 'boolean':
      return (
        <input
          type="checkbox"
          checked={value as boolean}
          aria-label={spec.label}
          aria-describedby={`${spec.key}-help`}
          onChange={(e) => void actions.edit(spec.key as Key, e.target.checked)}
        />
      );
    case 'choice':
      return (
        <select
          value={value as string}
          aria-label={spec.label}
          aria-describedby={`${spec.key}-help`}
          onChange={(e) => void actions.edit(spec.key as Key, e.target.value)}
        >
          {spec.options.map((o) => (
            <option key={o}>{o}</option>
          ))}
        </select>
      );
    default:
      return <NumberControl spec={spec} value={value as number} />;
  }
}

/**
 * The run's current value of a setting it moves by itself (see NumberSpec.current), once it has begun, to
 * the status line's three decimals.
 */
function useCurrent(spec: ParamSpec): number | null {
  return useTraining((s) =>
    spec.kind !== 'boolean' && spec.kind !== 'choice' && spec.current && s.status && s.status.envSteps > 0
      ? Number(s.status[spec.current].toFixed(3))
      : null,
  );
}

function Setting({ spec, value, pending }: { spec: ParamSpec; value: unknown; pending: boolean }) {
  const current = useCurrent(spec);
  const key = spec.key as Key;
  return (
    <div className={`param ${spec.kind}`}>
      <span className="name">
        {spec.label}
        {current !== null && <span className="now"> now</span>}
        {spec.apply === 'restart' && (
          <span className={pending ? 'restart pending' : 'restart'} title="Takes effect when you press Reset">
            <span aria-hidden="true">{pending ? ' ↻ on Reset' : ' ↻'}</span>
            <span className="visually-hidden">
              {pending ? ' (changed: takes effect on Reset)' : ' (takes effect on Reset)'}
            </span>
          </span>
        )}
      </span>
      <Control spec={spec} value={current ?? value} />
      {key === 'gamma' && <EffectiveHorizon gamma={value as number} />}
      <span className="help" id={`${key}-help`} role="tooltip">
        {spec.help}
      </span>
    </div>
  );
}

export function HyperparameterPanel() {
  const draft = useTraining((s) => s.draft);
  const running = useTraining((s) => s.status?.config);
  return (
    <section className="hyperparameters" aria-label="Hyperparameters">
      {GROUPS.map(({ group, title }) => (
        <fieldset key={group}>
          <legend>{title}</legend>
          {HYPERPARAMETERS.filter((p) => p.group === group).map((spec) => {
            const key = spec.key as Key;
            const pending = spec.apply === 'restart' && running !== undefined && running[key] !== draft[key];
            return <Setting key={key} spec={spec as ParamSpec} value={draft[key]} pending={pending} />;
          })}
        </fieldset>
      ))}
    </section>
  );
}
