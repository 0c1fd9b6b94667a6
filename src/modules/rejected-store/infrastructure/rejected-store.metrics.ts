import { Counter, Histogram } from 'prom-client';

/** How long writing a rejected document to S3 takes (the exhaust → store path's slowest step). */
export const rejectedPutSeconds = new Histogram({
  name: 'rejected_store_put_seconds',
  help: 'Time to write a rejected document to its bucket',
  labelNames: ['environment', 'outcome'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
});

export const rejectedDocumentsStored = new Counter({
  name: 'rejected_documents_stored_total',
  help: 'Documents stored in a rejected bucket',
  labelNames: ['environment', 'reason'],
});

export const rejectedDocumentsExpired = new Counter({
  name: 'rejected_documents_expired_total',
  help: 'Rejected documents removed by the retention sweep',
  labelNames: ['environment'],
});
