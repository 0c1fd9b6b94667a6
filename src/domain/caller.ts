/** Who is calling: an operator (any client) or one client (its own resources only). */
export type Caller = { kind: 'operator' } | { kind: 'client'; clientId: string };

/** The client a query is limited to; null for an operator, who sees every client. */
export function clientScope(caller: Caller): string | null {
  return caller.kind === 'client' ? caller.clientId : null;
}
