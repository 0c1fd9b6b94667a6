import { Counter } from 'prom-client';
import type { DataSource } from 'typeorm';
import { scrapeQuery, SharedGauge, type GaugeBoard } from '../metrics/index.js';
import type { Doorbells } from './doorbells.js';

/** Messages whose handler kept failing until the actor's attempts ran out. */
export const handlerFailures = new Counter({
  name: 'kernel_handler_failures_total',
  help: 'Messages an actor failed to handle after all attempts (kept as failed in kernel_messages)',
  labelNames: ['actor', 'event_type'],
});

export const messagesHandled = new Counter({
  name: 'kernel_messages_handled_total',
  help: 'Messages handled by actors',
  labelNames: ['actor', 'event_type'],
});

const messagesWaiting = new SharedGauge({
  name: 'kernel_messages_waiting',
  help: 'Messages in actor mailboxes (PostgreSQL), by actor and state: due, delayed, leased or failed',
  labelNames: ['actor', 'state'],
});

const doorbellJobs = new SharedGauge({
  name: 'kernel_doorbell_jobs',
  help: 'Doorbell jobs in Redis, by doorbell and state',
  labelNames: ['doorbell', 'state'],
});

const DOORBELL_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/** The kernel's gauges, counted by one process per interval: its mailboxes (PostgreSQL) and its doorbells (Redis). */
export function countKernelGauges(board: GaugeBoard, dataSource: DataSource, doorbells: Doorbells): void {
  board.count(messagesWaiting, async () => {
    const rows = await scrapeQuery<{ actor: string; state: string; count: string }>(
      dataSource,
      `SELECT actor, CASE WHEN failed_at IS NOT NULL THEN 'failed' WHEN lease_until > now() THEN 'leased'
          WHEN run_at > now() THEN 'delayed' ELSE 'due' END AS state, count(*) AS count
        FROM kernel_messages GROUP BY 1, 2`,
    );
    return rows.map(({ actor, state, count }) => ({ labels: { actor, state }, value: Number(count) }));
  });
  board.count(doorbellJobs, async () => {
    const counted = await Promise.all([...doorbells.all()].map(async ([doorbell, queue]) => ({ doorbell, counts: await queue.getJobCounts() })));
    return counted.flatMap(({ doorbell, counts }) => DOORBELL_STATES.map((state) => ({ labels: { doorbell, state }, value: counts[state] })));
  });
}
