/** Until when a worker that held one of the cancelled documents may still be finishing with it; null when none was held. */
export function heldUntil(leases: readonly (Date | null)[], now: Date): Date | null {
  // A loop, not a spread into Math.max: a page may hold more leases than a call takes arguments.
  let latest = now.getTime();
  for (const lease of leases) if (lease && lease.getTime() > latest) latest = lease.getTime();
  return latest > now.getTime() ? new Date(latest) : null;
}
