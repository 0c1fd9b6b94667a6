import { useState } from 'preact/hooks';
import { usePortal } from '../portal-context.js';
import type { Hook } from '../types.js';
import { Notice, useMessage } from '../ui/notice.js';
import { dateTime, fromNow } from '../ui/time.js';
import { HookSecretPanel } from './hook-secret.js';

const STATUS_HELP: Record<Hook['status'], string> = {
  Active: 'Deliveries go out as usual.',
  Suspended: 'Too many documents in a row could not be delivered, so new ones go straight to the rejected bucket. Fix your endpoint, then restart the hook.',
  Restarting: 'The next accepted delivery makes the hook Active again; a failure suspends it again.',
};

export function HooksPage() {
  const { hooks } = usePortal();
  if (hooks.length === 0) return <p>You have no hooks yet. Your operator creates them.</p>;
  return (
    <>
      <p class="intro">Where your documents and notifications are delivered, per environment.</p>
      <ul class="cards">
        {[...hooks].sort(byEnvironmentThenKind).map((hook) => (
          <HookCard hook={hook} key={hook.id} />
        ))}
      </ul>
    </>
  );
}

/** Sandbox before production, the data hook before the notification hook. */
function byEnvironmentThenKind(a: Hook, b: Hook): number {
  return b.environment.localeCompare(a.environment) || a.kind.localeCompare(b.kind);
}

function HookCard({ hook }: { hook: Hook }) {
  const { api, reloadHooks } = usePortal();
  const status = useMessage();
  const [busy, setBusy] = useState(false);
  const title = `${hook.environment} ${hook.kind === 'data' ? 'data' : 'notification'} hook`;

  async function restart() {
    setBusy(true);
    try {
      await api.send('POST', `/webhooks/v1/registrations/${hook.id}/restart`, undefined, {
        conflict: 'This hook is already Active: there is nothing to restart.',
        notFound: 'This hook no longer exists.',
      });
      status.ok('Restarting: the next accepted delivery makes this hook Active again.');
      await reloadHooks();
    } catch (error) {
      status.fail(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class="card" aria-labelledby={`hook-${hook.id}`}>
      <h2 id={`hook-${hook.id}`}>{title}</h2>
      <dl class="facts">
        <dt>URL</dt>
        <dd class="wrap">{hook.url}</dd>
        <dt>Status</dt>
        <dd>
          <span class={`badge badge-${hook.status.toLowerCase()}`}>{hook.status}</span> {STATUS_HELP[hook.status]}
        </dd>
        <dt>Rejected in a row</dt>
        <dd>{hook.consecutiveFailures}</dd>
        {hook.pausedUntil !== undefined && (
          <>
            <dt>Paused until</dt>
            <dd>{hook.pausedUntil ? `${dateTime(hook.pausedUntil)} (${fromNow(hook.pausedUntil)}), as your endpoint asked` : 'not paused'}</dd>
          </>
        )}
        {hook.rateLimit !== undefined && (
          <>
            <dt>Rate limit</dt>
            <dd>{hook.rateLimit === null ? 'none' : `${hook.rateLimit} per second`}</dd>
          </>
        )}
        {hook.maxInFlight !== undefined && (
          <>
            <dt>Concurrent requests</dt>
            <dd>at most {hook.maxInFlight}</dd>
          </>
        )}
        {hook.ordering !== undefined && (
          <>
            <dt>Ordering</dt>
            <dd>{hook.ordering === 'user' ? 'in order per user' : 'none'}</dd>
          </>
        )}
      </dl>
      {hook.status === 'Suspended' && (
        <button type="button" onClick={restart} disabled={busy}>
          Restart {title}
        </button>
      )}
      <Notice message={status.message} />
      <HookSecretPanel hook={hook} title={title} />
    </li>
  );
}
