import { Logger } from '@nestjs/common';
import { mkdir } from 'node:fs/promises';
import S3rver from 's3rver';
import { untracedServerPort } from '../telemetry/tracing.js';

export const EMBEDDED_S3_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** An S3-compatible server on loopback for when no S3_ENDPOINT is configured. */
export class EmbeddedS3 {
  private readonly logger = new Logger('EmbeddedS3');
  private server?: S3rver;
  endpoint = '';

  async start(directory: string): Promise<void> {
    await mkdir(directory, { recursive: true });
    this.server = new S3rver({ address: '127.0.0.1', port: 0, directory, silent: true });
    const { port } = (await this.server.run()) as { port: number };
    this.endpoint = `http://127.0.0.1:${port}`;
    // It stands in for a remote S3: its side of each request is not this service's work to trace.
    untracedServerPort(port);
    this.logger.log(`embedded S3 listening on ${this.endpoint}, data under ${directory}`);
  }

  async stop(): Promise<void> {
    await this.server?.close();
  }
}
