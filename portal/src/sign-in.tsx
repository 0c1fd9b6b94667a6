import { useEffect, useRef, useState } from 'preact/hooks';
import { checkKey } from './api.js';
import { Notice, useMessage } from './ui/notice.js';

/** Asks for the client's API key and checks it before keeping it for the tab. */
export function SignIn({ reason, onSignedIn }: { reason: string | null; onSignedIn: (apiKey: string) => void }) {
  const [apiKey, setApiKey] = useState('');
  const [busy, setBusy] = useState(false);
  const status = useMessage();
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (reason) status.info(reason);
    input.current?.focus();
  }, [reason]);

  async function submit(event: Event) {
    event.preventDefault();
    const key = apiKey.trim();
    if (!key) return status.fail('Enter your API key.');
    setBusy(true);
    status.info('Checking your API key…');
    try {
      await checkKey(key);
      onSignedIn(key);
    } catch (error) {
      status.fail(error);
      setBusy(false);
      input.current?.select();
    }
  }

  return (
    <main class="sign-in" id="main">
      <h1>Webhook portal</h1>
      <p>
        See what was delivered to your webhooks, resend what was rejected and choose your notifications. Sign in with the API key you
        received when your account was created.
      </p>
      <form onSubmit={submit} noValidate>
        <div class="field">
          <label for="api-key">API key</label>
          <input
            id="api-key"
            ref={input}
            type="password"
            autocomplete="off"
            spellcheck={false}
            value={apiKey}
            onInput={(event) => setApiKey(event.currentTarget.value)}
            aria-describedby="api-key-help"
          />
          <p id="api-key-help" class="help">
            Kept in this browser tab only, until you sign out or close it.
          </p>
        </div>
        <button type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      <Notice message={status.message} />
    </main>
  );
}
