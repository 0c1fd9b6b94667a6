import { Global, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { S3Client } from '@aws-sdk/client-s3';
import { AppConfig } from '../../config/app-config.js';
import { EMBEDDED_S3_CREDENTIALS, EmbeddedS3 } from './embedded-s3.js';
import { RejectedBuckets } from './rejected-buckets.js';

/** Sockets the S3 client keeps per endpoint: the most requests a process makes to S3 at once. */
export const S3_SOCKETS = 128;

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
          requestHandler: { httpAgent: { keepAlive: true, maxSockets: S3_SOCKETS }, httpsAgent: { keepAlive: true, maxSockets: S3_SOCKETS } },
          // Checksums beyond what S3 requires are not understood by every S3-compatible server.
          requestChecksumCalculation: 'WHEN_REQUIRED',
          responseChecksumValidation: 'WHEN_REQUIRED',
        });
      },
    },
    RejectedBuckets,
  ],
  exports: [S3Client, RejectedBuckets],
})
export class S3Module implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly buckets: RejectedBuckets,
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
