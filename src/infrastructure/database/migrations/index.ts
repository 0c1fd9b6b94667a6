import { Kernel1795322273466 } from './1795322273466-Kernel.js';
import { Clients1795323508955 } from './1795323508955-Clients.js';
import { Notifications1795323570728 } from './1795323570728-Notifications.js';
import { RejectedStore1795323578221 } from './1795323578221-RejectedStore.js';
import { Delivery1795323606012 } from './1795323606012-Delivery.js';
import { CredentialRotation1796033645979 } from './1796033645979-CredentialRotation.js';
import { Ledger1796034179738 } from './1796034179738-Ledger.js';
import { MetricsIndexes1796039993952 } from './1796039993952-MetricsIndexes.js';
import { LeanLedger1796040025648 } from './1796040025648-LeanLedger.js';
import { DataStewardship1796040413816 } from './1796040413816-DataStewardship.js';
import { LeasedResendsAndEventsIndex1796045524974 } from './1796045524974-LeasedResendsAndEventsIndex.js';
import { TimePartitionedDocuments1796100000000 } from './1796100000000-TimePartitionedDocuments.js';
import { TimePartitionedNotifications1796100000001 } from './1796100000001-TimePartitionedNotifications.js';
import { BulkJobs1796100000002 } from './1796100000002-BulkJobs.js';
import { QueueDueAt1796100000010 } from './1796100000010-QueueDueAt.js';
import { ClaimOrderIndexes1796100000020 } from './1796100000020-ClaimOrderIndexes.js';

/** Every migration, in order. Listed explicitly: ES modules cannot be globbed at start-up reliably. */
export const MIGRATIONS: Function[] = [
  Kernel1795322273466,
  Clients1795323508955,
  Notifications1795323570728,
  RejectedStore1795323578221,
  Delivery1795323606012,
  CredentialRotation1796033645979,
  Ledger1796034179738,
  MetricsIndexes1796039993952,
  LeanLedger1796040025648,
  DataStewardship1796040413816,
  LeasedResendsAndEventsIndex1796045524974,
  TimePartitionedDocuments1796100000000,
  TimePartitionedNotifications1796100000001,
  BulkJobs1796100000002,
  QueueDueAt1796100000010,
  ClaimOrderIndexes1796100000020,
];
