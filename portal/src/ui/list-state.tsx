import { Notice } from './notice.js';

/** Loading, failed or empty: what a list says besides its items. */
export function ListState({ loading, error, empty, emptyText }: { loading: boolean; error: unknown; empty: boolean; emptyText: string }) {
  return (
    <>
      <Notice message={error ? { tone: 'error', text: (error as Error).message } : null} />
      {loading && <p class="loading">Loading…</p>}
      {!loading && !error && empty && <p>{emptyText}</p>}
    </>
  );
}
