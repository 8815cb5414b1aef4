import { useEffect, useRef } from 'react';

const CAPTURED = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', ' ']);
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range']);

function isTextEntry(target: EventTarget | null): boolean {
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !NON_TEXT_INPUTS.has(target.type);
}

/**
 * The set of keys held right now, kept in a ref so that a game loop can read it every frame without
 * re-rendering. Arrow keys are kept from scrolling the page; leaving the window releases everything.
 */
export function useHeldKeys(onPress?: (key: string) => void): React.RefObject<Set<string>> {
  const held = useRef(new Set<string>());
  const press = useRef(onPress);
  useEffect(() => {
    press.current = onPress;
  });
  useEffect(() => {
    const down = (e: KeyboardEvent) => {
      if (isTextEntry(e.target)) return; // typing a number is not flying
      if (CAPTURED.has(e.key)) e.preventDefault();
      if (!e.repeat) press.current?.(e.key);
      held.current.add(e.key);
    };
    const up = (e: KeyboardEvent) => held.current.delete(e.key);
    const release = () => held.current.clear();
    window.addEventListener('keydown', down);
    window.addEventListener('keyup', up);
    window.addEventListener('blur', release);
    return () => {
      window.removeEventListener('keydown', down);
      window.removeEventListener('keyup', up);
      window.removeEventListener('blur', release);
    };
  }, []);
  return held;
}
