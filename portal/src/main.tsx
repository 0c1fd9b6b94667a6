import { render } from 'preact';
import { useMemo, useState } from 'preact/hooks';
import { createApi, KEY_REFUSED } from './api.js';
import { Portal } from './portal.js';
import { session } from './session.js';
import { SignIn } from './sign-in.js';

function App() {
  const [apiKey, setApiKey] = useState(session.apiKey());
  const [reason, setReason] = useState<string | null>(null);
  const signOut = (why: string | null) => {
    session.forget();
    setReason(why);
    setApiKey(null);
  };
  const api = useMemo(() => (apiKey ? createApi(apiKey, () => signOut(`${KEY_REFUSED} You have been signed out.`)) : null), [apiKey]);
  if (!api) {
    return (
      <SignIn
        reason={reason}
        onSignedIn={(key) => {
          session.keep(key);
          setApiKey(key);
        }}
      />
    );
  }
  return <Portal api={api} onSignOut={() => signOut('You have signed out. Your API key is no longer kept in this tab.')} />;
}

const root = document.getElementById('app')!;
root.replaceChildren();
render(<App />, root);
