import { Counter, Histogram } from 'prom-client';

/** How long writing a rejected document to S3 takes (the exhaust → store path's slowest step). */
export const rejectedPutSeconds = new Histogram({
  name: 'rejected_store_put_seconds',
  help: 'Time to write a rejected document to its bucket',
  labelNames: ['environment', 'outcome'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

export const rejectedDocumentsExpired = new Counter({
  name: 'rejected_store_documents_expired_total',
  help: 'Rejected documents deleted at the end of their retention without archiving (ARCHIVE_RETENTION=0)',
  labelNames: ['environment'],
});

export const rejectedDocumentsArchived = new Counter({
  name: 'rejected_store_documents_archived_total',
  help: 'Rejected documents moved to the archive bucket at the end of their retention',
  labelNames: ['environment'],
});

export const archivedDocumentsDeleted = new Counter({
  name: 'rejected_store_archived_deleted_total',
  help: 'Archived documents deleted after ARCHIVE_RETENTION',
  labelNames: ['environment'],
});

export const archivedDocumentsRestored = new Counter({
  name: 'rejected_store_archived_restored_total',
  help: 'Archived documents restored to their rejected bucket',
  labelNames: ['environment'],
});
