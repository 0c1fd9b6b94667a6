import { Counter, Gauge } from 'prom-client';
import type { DataSource } from 'typeorm';
import type { Mailboxes } from './mailboxes.js';

/** Messages whose handler kept failing until Bull's attempts ran out. */
export const handlerFailures = new Counter({
  name: 'kernel_handler_failures_total',
  help: 'Messages an actor failed to handle after all attempts',
  labelNames: ['actor', 'event_type'],
});

export const messagesHandled = new Counter({
  name: 'kernel_messages_handled_total',
  help: 'Messages handled by actors',
  labelNames: ['actor', 'event_type'],
});

interface MetricsSource {
  dataSource: DataSource;
  mailboxes: Mailboxes;
}

/** Kernels alive in this process; gauges are process-wide, read at scrape time. */
export const metricsSources = new Set<MetricsSource>();

new Gauge({
  name: 'kernel_outbox_backlog',
  help: 'Committed events not yet relayed to mailboxes',
  async collect() {
    for (const { dataSource } of metricsSources) {
      const [row]: { count: string }[] = await dataSource.query('SELECT count(*) AS count FROM outbox');
      this.set(Number(row.count));
    }
  },
});

new Gauge({
  name: 'kernel_mailbox_depth',
  help: 'Messages waiting in an actor mailbox, by state',
  labelNames: ['actor', 'state'],
  async collect() {
    for (const { mailboxes } of metricsSources) {
      for (const [actor, queue] of mailboxes.all()) {
        const counts = await queue.getJobCounts();
        for (const state of ['waiting', 'active', 'delayed', 'failed'] as const) {
          this.set({ actor, state }, counts[state]);
        }
      }
    }
  },
});
