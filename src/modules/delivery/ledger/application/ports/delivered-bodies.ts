/** The bodies of delivered documents, kept for redelivery until DELIVERED_RETENTION after their last delivery. */
export abstract class DeliveredBodies {
  /**
   * Removes the bodies of up to `limit` more documents whose last delivery came before `cutoff`, going on from
   * where the previous call stopped (metadata and attempts stay). Returns how many deliveries it looked at.
   */
  abstract purge(cutoff: Date, limit: number): Promise<{ looked: number; purged: number }>;
}
