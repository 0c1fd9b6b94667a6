export { attachedPartitions } from './partition-catalog.js';
export { gridFloor, isExpired, partitionName, rangesCovering, type PartitionRange } from './partition-range.js';
export { PARTITIONS_LOCK, TimePartitions, type PartitionedTable, type PartitionPolicy } from './time-partitions.js';
