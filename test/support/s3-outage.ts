import type { Server } from 'node:http';
import type S3rver from 's3rver';

/**
 * S3 goes away as a real outage does: the server stops and its open connections drop. A graceful close would
 * wait for keep-alive connections to go idle, which never happens while the service probes S3 every moment.
 */
export async function stopS3rver(s3: S3rver): Promise<void> {
  const closing = s3.close();
  (s3 as unknown as { httpServer?: Server }).httpServer?.closeAllConnections();
  await closing;
}
