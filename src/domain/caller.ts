/** Who is calling: an operator (any client) or one client (its own resources only). */
export type Caller = { kind: 'operator' } | { kind: 'client'; clientId: string };

/** The client a query is limited to; null for an operator, who sees every client. */
export function clientScope(caller: Caller): string | null {
  return caller.kind === 'client' ? caller.clientId : null;
}

/**
 * The client a query is limited to when the caller may name one (`?clientId=`): a client's own — naming
 * another is answered like an unknown id, with `notFound` — or the one an operator names, or null for all.
 */
export function requestedScope(caller: Caller, requested: string | undefined, notFound: () => Error): string | null {
  const own = clientScope(caller);
  if (own === null) return requested ?? null;
  if (requested !== undefined && requested !== own) throw notFound();
  return own;
}
