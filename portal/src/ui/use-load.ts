import { useCallback, useEffect, useState } from 'preact/hooks';

/** Loads something when its inputs change; `reload` loads it again. Errors are kept for the page to show. */
export function useLoad<T>(load: () => Promise<T>, inputs: unknown[]) {
  const [state, setState] = useState<{ data?: T; error?: unknown; loading: boolean }>({ loading: true });
  const run = useCallback(load, inputs);
  const reload = useCallback(async () => {
    setState((previous) => ({ ...previous, loading: true }));
    try {
      setState({ data: await run(), loading: false });
    } catch (error) {
      setState({ error, loading: false });
    }
  }, [run]);
  useEffect(() => {
    void reload();
  }, [reload]);
  return { ...state, reload, set: (data: T) => setState({ data, loading: false }) };
}
