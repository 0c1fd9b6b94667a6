const DAY_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The half-open span of creation times a replay covers. */
export interface ReplayRange {
  from: Date;
  to: Date;
}

/**
 * `[from, to)` from ISO-8601 dates or times: a date alone is the start of its UTC day (so `from: 2026-03-01, to:
 * 2026-03-02` is that whole day), and `to` defaults to `now`. Null when `from` does not come before `to`.
 */
export function replayRange(from: string, to: string | undefined, now: Date): ReplayRange | null {
  const range = { from: instantOf(from), to: to === undefined ? now : instantOf(to) };
  return range.from < range.to ? range : null;
}

function instantOf(text: string): Date {
  return new Date(DAY_ONLY.test(text) ? `${text}T00:00:00Z` : text);
}
