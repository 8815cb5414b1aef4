/**
 * The tabs that choose which panels show under the lander on a narrow screen, as WAI-ARIA's tabs pattern
 * has them: one tab stop for the row, the arrow keys (and Home, End) move along it and show each panel.
 * The panels not shown are hidden, not removed, so that what they hold (a form half filled, a checkbox,
 * a chart) is as it was when their tab is chosen again.
 */
import { useRef } from 'react';
import type { KeyboardEvent, ReactNode } from 'react';

const tabId = (name: string) => `tab-${name.toLowerCase()}`;
const panelId = (name: string) => `panel-${name.toLowerCase()}`;

/** The panel of the tab `name`, shown while that tab is selected. */
export function TabPanel({
  name,
  selected,
  children,
}: {
  name: string;
  selected: string;
  children: ReactNode;
}) {
  return (
    <div
      className="tab-panel"
      role="tabpanel"
      id={panelId(name)}
      aria-labelledby={tabId(name)}
      hidden={name !== selected}
      // A stop for the keyboard: a panel may start with no control of its own (the curves).
      tabIndex={0}
    >
      {children}
    </div>
  );
}

export function PanelTabs<Name extends string>({
  names,
  selected,
  onSelect,
}: {
  names: readonly Name[];
  selected: Name;
  onSelect: (name: Name) => void;
}) {
  const buttons = useRef(new Map<Name, HTMLButtonElement>());
  const move = (e: KeyboardEvent, at: number) => {
    const last = names.length - 1;
    const to =
      e.key === 'ArrowRight'
        ? (at + 1) % names.length
        : e.key === 'ArrowLeft'
          ? (at + last) % names.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? last
              : null;
    if (to === null) return;
    e.preventDefault();
    onSelect(names[to]);
    buttons.current.get(names[to])?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label="Panels">
      {names.map((name, at) => (
        <button
          key={name}
          ref={(button) => {
            if (button) buttons.current.set(name, button);
            else buttons.current.delete(name);
          }}
          type="button"
          role="tab"
          id={tabId(name)}
          aria-selected={name === selected}
          aria-controls={panelId(name)}
          tabIndex={name === selected ? 0 : -1}
          onClick={() => onSelect(name)}
          onKeyDown={(e) => move(e, at)}
        >
          {name}
        </button>
      ))}
    </div>
  );
}
