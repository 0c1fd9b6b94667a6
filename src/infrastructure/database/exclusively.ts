import type { DataSource } from 'typeorm';

/**
 * Runs `work` unless another process is running work under the same key: a session advisory lock on a
 * connection of its own, which PostgreSQL frees should this process die. Returns false when it skipped.
 */
export async function exclusively(dataSource: DataSource, key: number, work: () => Promise<unknown>): Promise<boolean> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }]: { locked: boolean }[] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [key]);
    if (!locked) return false;
    try {
      await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [key]);
    }
    return true;
  } finally {
    await runner.release();
  }
}
