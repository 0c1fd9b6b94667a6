import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { randomUUID } from 'node:crypto';

/** PUT/s straight to the S3 server, as many at once as the service writes: the ceiling of the store step. */
export async function s3RawLimit(endpoint: string, puts: number, atOnce: number): Promise<number> {
  const s3 = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestHandler: { httpAgent: { keepAlive: true, maxSockets: atOnce } },
  });
  const bucket = `raw-${randomUUID()}`;
  await s3.send(new CreateBucketCommand({ Bucket: bucket }));
  const body = JSON.stringify({ id: randomUUID(), kind: 'summary', type: 'physical_summary', data: { steps: 8000, calories: 2100 } });
  let next = 0;
  const t0 = Date.now();
  await Promise.all(
    Array.from({ length: atOnce }, async () => {
      for (let i = next++; i < puts; i = next++) {
        await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `client/summary/2026/11/30/${i}.json`, Body: body, ContentType: 'application/json' }));
      }
    }),
  );
  const rate = (puts * 1000) / (Date.now() - t0);
  s3.destroy();
  return rate;
}
