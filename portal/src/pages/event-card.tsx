import { useState } from 'preact/hooks';
import { usePortal } from '../portal-context.js';
import type { Attempt, DeliveryEvent, Redelivery } from '../types.js';
import { Notice, useMessage } from '../ui/notice.js';
import { dateTime, fromNow } from '../ui/time.js';

const TRIGGERS: Record<Attempt['trigger'], string> = {
  initial: 'First attempt',
  retry: 'Scheduled retry',
  resend: 'Resent from the rejected bucket',
  redeliver: 'Redelivered on request',
  replay: 'Replayed on request',
};

/** One document: where it stands, its attempts as a timeline, and a redeliver button. */
export function EventCard({ event, open = false, onChange }: { event: DeliveryEvent; open?: boolean; onChange: (event: DeliveryEvent) => void }) {
  const { api, hooks } = usePortal();
  const [expanded, setExpanded] = useState(open);
  const [busy, setBusy] = useState(false);
  const status = useMessage();
  const hook = hooks.find((candidate) => candidate.kind === 'data' && candidate.environment === event.environment);
  const timelineId = `attempts-${event.id}`;

  async function redeliver() {
    if (!hook) return;
    setBusy(true);
    try {
      const outcome = await api.send<Redelivery>('POST', `/hooks/${hook.id}/requests/${event.id}/redeliver`, undefined, {
        notFound: 'This document, or its hook, no longer exists.',
        gone: 'This document can no longer be redelivered: its content was removed after its retention period.',
      });
      status.info(
        outcome.response_status === null
          ? `Redelivered, but your endpoint did not answer (after ${outcome.response_duration_ms} ms).`
          : `Redelivered: your endpoint answered ${outcome.response_status} in ${outcome.response_duration_ms} ms.`,
      );
      onChange(await api.get<DeliveryEvent>(`/webhooks/v1/events/${event.id}`));
      setExpanded(true);
    } catch (error) {
      status.fail(error);
    } finally {
      setBusy(false);
    }
  }

  return (
    <li class="card" aria-label={`Document ${event.id}`}>
      <h2 class="mono wrap">{event.id}</h2>
      <dl class="facts">
        <dt>Status</dt>
        <dd>
          <span class={`badge badge-${event.status.toLowerCase()}`}>{event.status}</span> {whereItStands(event)}
        </dd>
        <dt>Type</dt>
        <dd>
          {event.eventName} ({event.kind}, {event.environment})
        </dd>
        <dt>User</dt>
        <dd class="wrap">{event.userId}</dd>
        <dt>Received</dt>
        <dd>{dateTime(event.createdAt)}</dd>
      </dl>
      <div class="actions">
        <button type="button" class="secondary" aria-expanded={expanded} aria-controls={timelineId} onClick={() => setExpanded(!expanded)}>
          {expanded ? 'Hide' : 'Show'} attempts ({event.attempts.length})
        </button>
        {hook && !event.bodyPurgedAt && (
          <button type="button" onClick={redeliver} disabled={busy}>
            Redeliver now
          </button>
        )}
      </div>
      <Notice message={status.message} />
      {expanded && <Timeline id={timelineId} attempts={event.attempts} />}
    </li>
  );
}

function whereItStands(event: DeliveryEvent): string {
  if (event.status === 'Success') return event.bodyPurgedAt ? 'Delivered; its content was removed after the retention period.' : 'Delivered.';
  if (event.status === 'Pending') return event.nextAttemptAt ? `Next attempt ${fromNow(event.nextAttemptAt)}.` : 'Being delivered.';
  if (event.rejected?.expired) return `Not delivered; it expired on ${dateTime(event.rejected.expiresAt)} and is no longer in the rejected bucket.`;
  if (event.rejected) return `Not delivered; waiting in the rejected bucket until ${dateTime(event.rejected.expiresAt)}.`;
  return 'Not delivered.';
}

function Timeline({ id, attempts }: { id: string; attempts: Attempt[] }) {
  if (attempts.length === 0) return <p id={id}>No attempt yet.</p>;
  return (
    <ol class="timeline" id={id} aria-label="Attempts, oldest first">
      {attempts.map((attempt) => (
        <li key={attempt.deliveryId} class={attempt.error ? 'failed' : 'ok'}>
          <p>
            <strong>{TRIGGERS[attempt.trigger]}</strong> <time dateTime={attempt.attemptedAt}>{dateTime(attempt.attemptedAt)}</time>
          </p>
          <p>
            {attempt.responseStatus === null ? 'No response' : `Answered ${attempt.responseStatus}`} in {attempt.responseDurationMs} ms
            {attempt.error && <span class="error-text"> — {attempt.error}</span>}
          </p>
        </li>
      ))}
    </ol>
  );
}
