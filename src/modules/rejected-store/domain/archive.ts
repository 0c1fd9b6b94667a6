import type { DocumentKind } from '../../../domain/document.js';
import type { Environment } from '../../../domain/environment.js';
import { objectKey } from './rejected-document.js';

const DAY_MS = 86_400_000;
/** How many days back an unrecorded object of a document is looked for (S3 would have been down that long). */
const UNRECORDED_DAYS = 14;

/** `<environment>/<clientId>/<kind>/<yyyy>/<mm>/<dd>/<documentId>.json`: its rejected key under its environment. */
export function archiveKey(environment: Environment, rejectedKey: string): string {
  return `${environment}/${rejectedKey}`;
}

/**
 * The rejected keys a document may have been written under in a span (one per UTC day, the most recent
 * UNRECORDED_DAYS of it): where a worker that died between writing and recording left its object.
 */
export function keysWithin(document: { clientId: string; kind: DocumentKind; documentId: string }, from: Date, to: Date): string[] {
  const lastDay = Math.floor(to.getTime() / DAY_MS);
  const firstDay = Math.max(Math.floor(from.getTime() / DAY_MS), lastDay - UNRECORDED_DAYS + 1);
  const keys: string[] = [];
  for (let day = firstDay; day <= lastDay; day++) keys.push(objectKey(document, new Date(day * DAY_MS)));
  return keys;
}

export interface FirstStoredRange {
  from?: Date;
  to?: Date;
}

/**
 * The span of first-storage times a restore asks for: ISO-8601 dates or times, both ends included; a date
 * alone covers its whole UTC day. Null when `from` comes after `to`.
 */
export function firstStoredRange(from: string | undefined, to: string | undefined): FirstStoredRange | null {
  const range: FirstStoredRange = {};
  if (from !== undefined) range.from = new Date(from);
  if (to !== undefined) range.to = isDateOnly(to) ? new Date(Date.parse(to) + DAY_MS - 1) : new Date(to);
  return range.from && range.to && range.from > range.to ? null : range;
}

function isDateOnly(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(text);
}
