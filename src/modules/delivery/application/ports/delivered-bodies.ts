/** The bodies of delivered documents, kept for redelivery until DELIVERED_RETENTION. */
export abstract class DeliveredBodies {
  /** Removes the bodies of up to `limit` documents delivered before `cutoff` (metadata and attempts stay); returns how many. */
  abstract purge(cutoff: Date, limit: number): Promise<number>;
}
