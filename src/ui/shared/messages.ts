/**
 * The page's one message line: what an action did, or why it was refused. Every feature (playground,
 * runs, comparison, sweep) reports there; the playground shows it until the next message or a dismissal.
 */
import { create } from 'zustand';

export interface Message {
  kind: 'info' | 'error';
  text: string;
}

export const useMessage = create<{ message: Message | null }>(() => ({ message: null }));

export function say(kind: Message['kind'], text: string): void {
  useMessage.setState({ message: { kind, text } });
}

export const dismiss = (): void => useMessage.setState({ message: null });

/** An error as a person reads it: its message, without the error's class name. */
export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
