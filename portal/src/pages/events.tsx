import { useState } from 'preact/hooks';
import { usePortal } from '../portal-context.js';
import type { DeliveryEvent, Environment, Page } from '../types.js';
import { EnvironmentPicker } from '../ui/environment-picker.js';
import { Notice, useMessage } from '../ui/notice.js';
import { ListState } from '../ui/list-state.js';
import { usePages } from '../ui/use-pages.js';
import { EventCard } from './event-card.js';
import { ReplayForm } from './replay-form.js';

const STATUSES = ['', 'Pending', 'Success', 'Failed'] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function EventsPage() {
  // Counts the replays that ended: the list reads its documents again, with their replay attempts.
  const [replaysEnded, setReplaysEnded] = useState(0);
  return (
    <>
      <p class="intro">Every document sent to your data hooks, and each attempt to deliver it.</p>
      <FindEvent />
      <ReplayForm onEnd={() => setReplaysEnded((count) => count + 1)} />
      <EventList replaysEnded={replaysEnded} />
    </>
  );
}

function FindEvent() {
  const { api } = usePortal();
  const [id, setId] = useState('');
  const [found, setFound] = useState<DeliveryEvent | null>(null);
  const status = useMessage();

  async function find(event: Event) {
    event.preventDefault();
    setFound(null);
    const wanted = id.trim();
    if (!UUID.test(wanted)) return status.fail('That is not a document id. Ids look like 3f2b8c1e-5d4a-4b7e-9c1d-2a6f0e8b7c45.');
    status.info('Looking for the document…');
    try {
      setFound(await api.get<DeliveryEvent>(`/webhooks/v1/events/${wanted}`, { notFound: `No document ${wanted} was sent to your account.` }));
      status.clear();
    } catch (error) {
      status.fail(error);
    }
  }

  return (
    <section aria-labelledby="find-heading">
      <h2 id="find-heading">Find a document</h2>
      <form class="inline" onSubmit={find} noValidate>
        <div class="field grow">
          <label for="find-id">Document id</label>
          <input id="find-id" class="mono" autocomplete="off" spellcheck={false} value={id} onInput={(event) => setId(event.currentTarget.value)} />
        </div>
        <button type="submit">Find</button>
      </form>
      <Notice message={status.message} />
      {found && (
        <ul class="cards">
          <EventCard event={found} open onChange={setFound} key={found.id} />
        </ul>
      )}
    </section>
  );
}

function EventList({ replaysEnded }: { replaysEnded: number }) {
  const { api, environments } = usePortal();
  const [environment, setEnvironment] = useState<Environment>(environments[0] ?? 'sandbox');
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('');
  const list = usePages(
    (cursor?: string) =>
      api.get<Page<DeliveryEvent>>(`/webhooks/v1/events?${new URLSearchParams({ environment, limit: '20', ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) })}`),
    [environment, status, replaysEnded],
  );
  const replace = (changed: DeliveryEvent) => list.update((items) => items.map((item) => (item.id === changed.id ? changed : item)));

  return (
    <section aria-labelledby="list-heading">
      <h2 id="list-heading">Recent documents</h2>
      <form class="inline" onSubmit={(event) => (event.preventDefault(), list.reload())}>
        <EnvironmentPicker id="events-environment" environments={environments} value={environment} onChange={setEnvironment} />
        <div class="field">
          <label for="events-status">Status</label>
          <select id="events-status" value={status} onChange={(event) => setStatus(event.currentTarget.value as typeof status)}>
            {STATUSES.map((value) => (
              <option value={value} key={value}>
                {value || 'Any'}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="secondary">
          Refresh
        </button>
      </form>
      <ListState loading={list.loading} error={list.error} empty={list.items.length === 0} emptyText="No documents match." />
      <ul class="cards">
        {list.items.map((item) => (
          <EventCard event={item} onChange={replace} key={item.id} />
        ))}
      </ul>
      {list.nextCursor && (
        <button type="button" class="secondary" onClick={list.more}>
          Show more
        </button>
      )}
    </section>
  );
}
