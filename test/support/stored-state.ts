import { ListBucketsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DataSource } from 'typeorm';
import type { TestService } from './service.js';

/**
 * Kernel bookkeeping the relay changes on its own (it empties the outbox of earlier accepted requests),
 * the gauges' readings a timer writes, and the migration log. A refused request that published something
 * would show in its state tables.
 */
const MOVING_TABLES = new Set(['outbox', 'inbox', 'migrations', 'metric_samples']);

/** Rows of every table and objects in every bucket: what a refused request must leave as it was. */
export async function storedState(service: TestService): Promise<Record<string, number>> {
  const [tables, buckets] = await Promise.all([rowCounts(service.app.get(DataSource)), objectCounts(service.app.get(S3Client))]);
  return { ...tables, ...buckets };
}

async function rowCounts(dataSource: DataSource): Promise<Record<string, number>> {
  const tables: { name: string }[] = await dataSource.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const counted = tables.filter((table) => !MOVING_TABLES.has(table.name)).map(({ name }) => `SELECT '${name}' AS name, count(*)::int AS count FROM "${name}"`);
  const rows: { name: string; count: number }[] = await dataSource.query(counted.join(' UNION ALL '));
  return Object.fromEntries(rows.map(({ name, count }) => [`table ${name}`, count]));
}

async function objectCounts(s3: S3Client): Promise<Record<string, number>> {
  const { Buckets = [] } = await s3.send(new ListBucketsCommand({}));
  const counts = await Promise.all(
    Buckets.map(async ({ Name }) => {
      let objects = 0;
      let token: string | undefined;
      do {
        const page = await s3.send(new ListObjectsV2Command({ Bucket: Name, ContinuationToken: token }));
        objects += page.KeyCount ?? 0;
        token = page.NextContinuationToken;
      } while (token);
      return [`bucket ${Name}`, objects] as const;
    }),
  );
  return Object.fromEntries(counts);
}
