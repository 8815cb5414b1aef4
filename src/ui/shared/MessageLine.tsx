/**
 * A place for the message line (messages.ts): the last message if it was said there, with a button to
 * dismiss it. A panel's own line is brought into view when a message arrives, as it answers what the user
 * did there.
 */
import { useEffect, useRef } from 'react';
import { dismiss, useMessage } from './messages';
import type { Place } from './messages';

export function MessageLine({ place = 'page' }: { place?: Place }) {
  const message = useMessage((s) => (s.message?.place === place ? s.message : null));
  const line = useRef<HTMLParagraphElement>(null);
  useEffect(() => {
    if (message && place !== 'page') line.current?.scrollIntoView?.({ block: 'nearest' });
  }, [message, place]);
  if (!message) return null;
  return (
    <p ref={line} className={`notice ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
      {message.text}{' '}
      <button type="button" className="link" onClick={dismiss} aria-label="Dismiss message">
        ×
      </button>
    </p>
  );
}
