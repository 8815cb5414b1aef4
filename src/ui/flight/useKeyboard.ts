import { useEffect, useRef } from 'react';

const CAPTURED = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight', ' ']);
const NON_TEXT_INPUTS = new Set(['checkbox', 'radio', 'button', 'submit', 'reset', 'range']);

function isTextEntry(target: EventTarget | null): boolean {
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  return target instanceof HTMLInputElement && !NON_TEXT_INPUTS.has(target.type);
}

// Shift or Caps Lock turn 'a' into 'A', and Shift may be let go before the letter: one name per key,
// or the letter's keyup would miss and leave its engine firing.
const keyName = (e: KeyboardEvent) => (e.key.length === 1 ? e.key.toLowerCase() : e.key);

/**
 * The set of keys held right now (letters in lower case), kept in a ref so that a game loop can read it
 * every frame without re-rendering. Arrow keys are kept from scrolling the page; leaving the window
 * releases everything.
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
      const key = keyName(e);
      if (CAPTURED.has(key)) e.preventDefault();
      if (!e.repeat) press.current?.(key);
      held.current.add(key);
    };
    const up = (e: KeyboardEvent) => held.current.delete(keyName(e));
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
