import { useState } from 'preact/hooks';
import { usePortal } from '../portal-context.js';
import type { Environment, Page, RejectedItem, ResendOutcome } from '../types.js';
import { EnvironmentPicker } from '../ui/environment-picker.js';
import { ListState } from '../ui/list-state.js';
import { Notice, useMessage } from '../ui/notice.js';
import { dateTime, fromNow } from '../ui/time.js';
import { usePages } from '../ui/use-pages.js';
import { BulkResend } from './bulk-resend.js';

const NOT_WAITING = {
  notFound: 'This document is no longer waiting in the rejected bucket: it expired after its retention period, or it was resent already.',
};

export function RejectedPage() {
  const { api, environments } = usePortal();
  const [environment, setEnvironment] = useState<Environment>(environments[0] ?? 'sandbox');
  const list = usePages(
    (cursor?: string) => api.get<Page<RejectedItem>>(`/v1/rejected?${new URLSearchParams({ environment, limit: '50', ...(cursor ? { cursor } : {}) })}`),
    [environment],
  );
  const outcome = useMessage();
  const resent = (id: string, text: string) => {
    list.update((items) => items.filter((item) => item.id !== id));
    outcome.ok(text);
  };

  return (
    <>
      <p class="intro">
        Documents your endpoint did not accept after every retry. Each waits in the rejected bucket until its expiry, then it is gone
        for good: download or resend it before then.
      </p>
      <form class="inline" onSubmit={(event) => (event.preventDefault(), list.reload())}>
        <EnvironmentPicker id="rejected-environment" environments={environments} value={environment} onChange={setEnvironment} />
        <button type="submit" class="secondary">
          Refresh
        </button>
      </form>
      <BulkResend environment={environment} onFinished={list.reload} />
      <Notice message={outcome.message} />
      <ListState loading={list.loading} error={list.error} empty={list.items.length === 0} emptyText={`No rejected documents are waiting in ${environment}.`} />
      <ul class="cards">
        {list.items.map((item) => (
          <RejectedCard item={item} onResent={(text) => resent(item.id, text)} key={item.id} />
        ))}
      </ul>
      {list.nextCursor && (
        <button type="button" class="secondary" onClick={list.more}>
          Show more
        </button>
      )}
    </>
  );
}

function RejectedCard({ item, onResent }: { item: RejectedItem; onResent: (message: string) => void }) {
  const { api } = usePortal();
  const status = useMessage();
  const [busy, setBusy] = useState(false);

  async function download() {
    try {
      const body = await api.text(`/v1/rejected/${item.id}`, NOT_WAITING);
      const url = URL.createObjectURL(new Blob([body], { type: 'application/json' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: `${item.id}.json` });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      status.ok(`Downloaded ${item.id}.json.`);
    } catch (error) {
      status.fail(error);
    }
  }

  async function resend() {
    setBusy(true);
    status.info('Resending…');
    try {
      const outcome = await api.send<ResendOutcome>('POST', `/v1/rejected/${item.id}/resend`, undefined, NOT_WAITING);
      if (outcome.delivered) {
        return onResent(`Delivered ${item.id}: your endpoint answered ${outcome.response_status} in ${outcome.response_duration_ms} ms. It has left the rejected bucket.`);
      }
      const answer = outcome.response_status === null ? 'did not answer' : `answered ${outcome.response_status}`;
      status.fail(`Not delivered: your endpoint ${answer}. The document stays here until ${dateTime(item.expiresAt)}.`);
    } catch (error) {
      status.fail(error);
    }
    setBusy(false);
  }

  return (
    <li class="card" aria-label={`Rejected document ${item.id}`}>
      <h2 class="mono wrap">{item.id}</h2>
      <dl class="facts">
        <dt>Type</dt>
        <dd>
          {item.type} ({item.kind})
        </dd>
        <dt>User</dt>
        <dd class="wrap">{item.userId}</dd>
        <dt>Stored</dt>
        <dd>
          {dateTime(item.storedAt)} after {item.attempts} attempts
        </dd>
        <dt>Expires</dt>
        <dd>
          {dateTime(item.expiresAt)} ({fromNow(item.expiresAt)})
        </dd>
      </dl>
      <div class="actions">
        <button type="button" class="secondary" onClick={download}>
          Download JSON
        </button>
        <button type="button" onClick={resend} disabled={busy}>
          Resend
        </button>
      </div>
      <Notice message={status.message} />
    </li>
  );
}
