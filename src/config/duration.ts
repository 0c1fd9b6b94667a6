import ms from 'ms';

/** Parses `200ms`, `30s`, `15m`, `2h`, `3d` (or a bare number of milliseconds); undefined when invalid. Zero only with `allowZero`. */
export function parseDuration(text: string, { allowZero = false } = {}): number | undefined {
  let value: number | undefined;
  try {
    value = ms(text.trim() as ms.StringValue);
  } catch {
    return undefined; // ms throws on an empty string
  }
  return typeof value === 'number' && Number.isFinite(value) && (value > 0 || (allowZero && value === 0)) ? Math.round(value) : undefined;
}

/** Parses a comma-separated list of durations; undefined when any entry is invalid or the list is empty. */
export function parseDurationList(text: string): number[] | undefined {
  const parts = text.split(',').map((part) => part.trim()).filter((part) => part.length > 0);
  if (parts.length === 0) return undefined;
  const values = parts.map((part) => parseDuration(part));
  return values.every((value): value is number => value !== undefined) ? values : undefined;
}
