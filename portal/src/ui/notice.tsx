import { useState } from 'preact/hooks';

export type Message = { tone: 'ok' | 'error' | 'info'; text: string } | null;

/**
 * A live region that exists before anything is said in it, so screen readers announce each message;
 * errors as alerts.
 */
export function Notice({ message }: { message: Message }) {
  return (
    <div class="notice-region" aria-live="polite" aria-atomic="true">
      {message && (
        <p class={`notice notice-${message.tone}`} role={message.tone === 'error' ? 'alert' : undefined}>
          {message.text}
        </p>
      )}
    </div>
  );
}

/** A message slot and the helpers that fill it. */
export function useMessage() {
  const [message, setMessage] = useState<Message>(null);
  return {
    message,
    ok: (text: string) => setMessage({ tone: 'ok', text }),
    info: (text: string) => setMessage({ tone: 'info', text }),
    fail: (error: unknown) => setMessage({ tone: 'error', text: error instanceof Error ? error.message : String(error) }),
    clear: () => setMessage(null),
  };
}
