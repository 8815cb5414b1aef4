/** The message line's place on the page: the last message, with a button to dismiss it. */
import { dismiss, useMessage } from './messages';

export function MessageLine() {
  const message = useMessage((s) => s.message);
  if (!message) return null;
  return (
    <p className={`notice ${message.kind}`} role={message.kind === 'error' ? 'alert' : 'status'}>
      {message.text}{' '}
      <button type="button" className="link" onClick={dismiss} aria-label="Dismiss message">
        ×
      </button>
    </p>
  );
}
