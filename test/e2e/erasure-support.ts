import { GetObjectCommand, ListBucketsCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { DataSource } from 'typeorm';
import type { TestService } from '../support/service.js';

/** Every row, in every table, whose text holds one of `needles`: `<table>: <count>`. */
export async function rowsHolding(service: TestService, needles: readonly string[]): Promise<Record<string, number>> {
  const dataSource = service.app.get(DataSource);
  const tables: { name: string }[] = await dataSource.query(
    `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const found: Record<string, number> = {};
  for (const { name } of tables) {
    const [{ count }]: { count: number }[] = await dataSource.query(`SELECT count(*)::int AS count FROM "${name}" t WHERE t::text LIKE ANY($1::text[])`, [
      needles.map((needle) => `%${needle}%`),
    ]);
    if (count > 0) found[name] = count;
  }
  return found;
}

/** Every object in every bucket, as `<bucket>/<key>`, with its body. */
export async function everyObject(service: TestService): Promise<{ path: string; body: string }[]> {
  const s3 = service.app.get(S3Client);
  const { Buckets = [] } = await s3.send(new ListBucketsCommand({}));
  const objects: { path: string; body: string }[] = [];
  for (const { Name } of Buckets) {
    let token: string | undefined;
    do {
      const page = await s3.send(new ListObjectsV2Command({ Bucket: Name, ContinuationToken: token }));
      for (const { Key } of page.Contents ?? []) {
        const object = await s3.send(new GetObjectCommand({ Bucket: Name, Key }));
        objects.push({ path: `${Name}/${Key}`, body: await object.Body!.transformToString('utf8') });
      }
      token = page.NextContinuationToken;
    } while (token);
  }
  return objects;
}
