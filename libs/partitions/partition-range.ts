/** One partition's span of time: `from` included, `to` excluded. */
export interface PartitionRange {
  from: Date;
  to: Date;
}

/** The grid boundary at or before `at`: partitions of one interval start at whole multiples of it since the epoch. */
export function gridFloor(at: Date, intervalMs: number): Date {
  return new Date(Math.floor(at.getTime() / intervalMs) * intervalMs);
}

/**
 * The ranges that cover [`from`, `until`) one after another: each ends on the next grid boundary, so the first
 * one may be short when `from` is not on the grid (a partition made with another interval ends there).
 */
export function rangesCovering(from: Date, until: Date, intervalMs: number): PartitionRange[] {
  const ranges: PartitionRange[] = [];
  for (let start = from; start < until; ) {
    const end = new Date(gridFloor(start, intervalMs).getTime() + intervalMs);
    ranges.push({ from: start, to: end });
    start = end;
  }
  return ranges;
}

/** A partition's name: its table and the instant it starts, to the second (`documents_p20261130t000000`). */
export function partitionName(table: string, from: Date): string {
  const stamp = from.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, '').toLowerCase();
  return `${table}_p${stamp}`;
}

/** Whether every row of a partition is older than the retention: it may go whole. */
export function isExpired(range: PartitionRange, now: Date, retentionMs: number): boolean {
  return range.to.getTime() <= now.getTime() - retentionMs;
}
