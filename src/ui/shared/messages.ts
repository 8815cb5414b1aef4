/**
 * The page's message line: what an action did, or why it was refused. Every feature (playground, runs,
 * comparison, sweep) reports there; the playground shows it until the next message or a dismissal. A
 * message says where it shows: on the page's line, or beside the panel the user acted in (the Models
 * panel sits far below the line, where a refused file would seem to do nothing). One message at a time.
 */
import { create } from 'zustand';

/** The page's own line, or a panel with a MessageLine of its own. */
export type Place = 'page' | 'models' | 'export';

export interface Message {
  kind: 'info' | 'error';
  text: string;
  place: Place;
}

export const useMessage = create<{ message: Message | null }>(() => ({ message: null }));

export function say(kind: Message['kind'], text: string, place: Place = 'page'): void {
  useMessage.setState({ message: { kind, text, place } });
}

export const dismiss = (): void => useMessage.setState({ message: null });

/** An error as a person reads it: its message, without the error's class name. */
export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
