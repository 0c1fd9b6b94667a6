import { Counter, Histogram } from 'prom-client';

export const attemptsMade = new Counter({
  name: 'delivery_attempts_total',
  help: 'POSTs to data hooks, by environment, trigger and outcome (accepted or failed)',
  labelNames: ['environment', 'trigger', 'outcome'],
});

export const attemptDuration = new Histogram({
  name: 'delivery_attempt_duration_seconds',
  help: 'How long a POST to a data hook took, answer or not',
  labelNames: ['environment'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
});

export const documentsStored = new Counter({
  name: 'delivery_documents_stored_total',
  help: 'Documents stored in a rejected bucket, by environment and reason (retries_exhausted, hook_suspended, gone)',
  labelNames: ['environment', 'reason'],
});

export const bodiesPurged = new Counter({
  name: 'delivery_bodies_purged_total',
  help: 'Bodies of delivered documents removed after DELIVERED_RETENTION',
});
