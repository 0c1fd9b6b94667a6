import { useState } from 'preact/hooks';
import { usePortal } from '../portal-context.js';
import type { Hook, HookSecret } from '../types.js';
import { Notice, useMessage } from '../ui/notice.js';
import { dateTime } from '../ui/time.js';

const UNAVAILABLE = {
  notFound: 'The signing secret could not be read: this hook no longer exists, or this server does not offer secrets yet.',
};

/** Reveal the hook's signing secret on request, and rotate it after a confirmation. */
export function HookSecretPanel({ hook, title }: { hook: Hook; title: string }) {
  const { api } = usePortal();
  const status = useMessage();
  const [secret, setSecret] = useState<HookSecret | null>(null);
  const [confirming, setConfirming] = useState(false);
  const path = `/webhooks/v1/registrations/${hook.id}/secret`;

  async function reveal() {
    try {
      setSecret(await api.get<HookSecret>(path, UNAVAILABLE));
      status.clear();
    } catch (error) {
      status.fail(error);
    }
  }

  async function rotate() {
    setConfirming(false);
    try {
      const rotated = await api.send<HookSecret>('POST', `${path}/rotate`, {}, UNAVAILABLE);
      setSecret(rotated);
      const until = rotated.previousSecretExpiresAt ? ` until ${dateTime(rotated.previousSecretExpiresAt)}` : '';
      status.ok(`New secret created. Deliveries are signed with both the new and the previous secret${until}: update your endpoint before then.`);
    } catch (error) {
      status.fail(error);
    }
  }

  return (
    <section class="secret" aria-label={`Signing secret of the ${title}`}>
      <h3>Signing secret</h3>
      {secret ? (
        <dl class="facts">
          <dt>Current</dt>
          <dd>
            <code class="wrap">{secret.signingSecret}</code>
          </dd>
          {secret.previousSecret && (
            <>
              <dt>Previous</dt>
              <dd>
                <code class="wrap">{secret.previousSecret}</code>
                {secret.previousSecretExpiresAt && ` (accepted until ${dateTime(secret.previousSecretExpiresAt)})`}
              </dd>
            </>
          )}
        </dl>
      ) : (
        <p class="help">Your endpoint checks each delivery's signature with this secret.</p>
      )}
      <div class="actions">
        {secret ? (
          <button type="button" class="secondary" onClick={() => setSecret(null)}>
            Hide secret
          </button>
        ) : (
          <button type="button" class="secondary" onClick={reveal}>
            Reveal secret
          </button>
        )}
        {confirming ? (
          <>
            <button type="button" class="danger" onClick={rotate}>
              Yes, rotate the secret
            </button>
            <button type="button" class="secondary" onClick={() => setConfirming(false)}>
              Keep the current secret
            </button>
          </>
        ) : (
          <button type="button" class="secondary" onClick={() => setConfirming(true)}>
            Rotate secret…
          </button>
        )}
      </div>
      <Notice message={status.message} />
    </section>
  );
}
