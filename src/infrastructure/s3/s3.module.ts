import { Global, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { S3Client } from '@aws-sdk/client-s3';
import { AppConfig } from '../../config/app-config.js';
import { EMBEDDED_S3_CREDENTIALS, EmbeddedS3 } from './embedded-s3.js';
import { S3Buckets } from './s3-buckets.js';

/** Sockets the S3 client keeps per endpoint: the most requests a process makes to S3 at once. */
export const S3_SOCKETS = 128;
/** A connection S3 does not accept within this is a failed request (retried later). */
const S3_CONNECT_TIMEOUT_MS = 5_000;
/** A request whose socket stays silent this long is a failed request: far above a 1 MiB PUT's time. */
const S3_IDLE_TIMEOUT_MS = 30_000;

/** S3 through the AWS SDK; an embedded S3-compatible server when S3_ENDPOINT is unset. */
@Global()
@Module({
  providers: [
    {
      provide: EmbeddedS3,
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        const embedded = new EmbeddedS3();
        if (!config.s3.endpoint) await embedded.start(config.s3.embeddedDir);
        return embedded;
      },
    },
    {
      provide: S3Client,
      inject: [AppConfig, EmbeddedS3],
      useFactory: (config: AppConfig, embedded: EmbeddedS3) => {
        const external = config.s3.endpoint;
        const credentials =
          config.s3.accessKeyId && config.s3.secretAccessKey
            ? { accessKeyId: config.s3.accessKeyId, secretAccessKey: config.s3.secretAccessKey }
            : external
              ? undefined
              : EMBEDDED_S3_CREDENTIALS;
        return new S3Client({
          endpoint: external ?? embedded.endpoint,
          region: config.s3.region,
          forcePathStyle: external ? config.s3.forcePathStyle : true,
          credentials,
          maxAttempts: 2,
          // As many sockets as the bucket writes a process makes at once (the SDK's default is 50).
          // Bounded waits: work holding a lease renews it while it waits, so a request S3 never answers must end on its own.
          requestHandler: {
            connectionTimeout: S3_CONNECT_TIMEOUT_MS,
            requestTimeout: S3_IDLE_TIMEOUT_MS,
            httpAgent: { keepAlive: true, maxSockets: S3_SOCKETS },
            httpsAgent: { keepAlive: true, maxSockets: S3_SOCKETS },
          },
          // Checksums beyond what S3 requires are not understood by every S3-compatible server.
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        });
      },
    },
    S3Buckets,
  ],
  exports: [S3Client, S3Buckets],
})
export class S3Module implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly buckets: S3Buckets,
    private readonly s3: S3Client,
    private readonly embedded: EmbeddedS3,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.buckets.ensureAll();
  }

  async onApplicationShutdown(): Promise<void> {
    this.s3.destroy();
    await this.embedded.stop();
  }
}
