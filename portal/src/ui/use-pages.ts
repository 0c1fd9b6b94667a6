import { useCallback, useEffect, useState } from 'preact/hooks';
import type { Page } from '../types.js';

interface Pages<T> {
  items: T[];
  nextCursor: string | null;
  loading: boolean;
  error?: unknown;
}

/** A cursor-paged list: the first page when the inputs change, `more` for the next one, `update` to change items in place. */
export function usePages<T>(load: (cursor?: string) => Promise<Page<T>>, inputs: unknown[]) {
  const [state, setState] = useState<Pages<T>>({ items: [], nextCursor: null, loading: true });
  const first = useCallback(async () => {
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    try {
      const page = await load();
      setState({ items: page.items, nextCursor: page.nextCursor, loading: false });
    } catch (error) {
      setState({ items: [], nextCursor: null, loading: false, error });
    }
  }, inputs);
  useEffect(() => {
    void first();
  }, [first]);

  async function more() {
    if (!state.nextCursor) return;
    setState((previous) => ({ ...previous, loading: true, error: undefined }));
    try {
      const page = await load(state.nextCursor);
      setState((previous) => ({ items: [...previous.items, ...page.items], nextCursor: page.nextCursor, loading: false }));
    } catch (error) {
      setState((previous) => ({ ...previous, loading: false, error }));
    }
  }
  const update = (change: (items: T[]) => T[]) => setState((previous) => ({ ...previous, items: change(previous.items) }));
  return { ...state, reload: first, more, update };
}
