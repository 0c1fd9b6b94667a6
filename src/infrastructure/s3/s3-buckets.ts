import { Injectable, Logger } from '@nestjs/common';
import {
  CreateBucketCommand,
  HeadBucketCommand,
  PutBucketLifecycleConfigurationCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { AppConfig } from '../../config/app-config.js';
import { ENVIRONMENTS, type Environment } from '../../domain/environment.js';

const DAY_MS = 24 * 3600 * 1000;

/**
 * The service's S3 buckets, the rejected bucket of each environment and the archive bucket: their names, and their
 * creation at start with a lifecycle backstop. What goes in them is RejectedStore's (RejectedObjects, RejectedBucket).
 */
@Injectable()
export class S3Buckets {
  private readonly logger = new Logger('S3Buckets');

  constructor(
    private readonly s3: S3Client,
    private readonly config: AppConfig,
  ) {}

  nameOf(environment: Environment): string {
    return this.config.rejectedBuckets[environment];
  }

  get archive(): string {
    return this.config.archive.bucket;
  }

  async ensureAll(): Promise<void> {
    // While archiving, the rejected buckets' backstop waits a day longer, so that a late sweep still finds objects to archive.
    const archiving = this.config.archive.retentionMs > 0;
    const expirations: [bucket: string, retentionMs: number | null][] = [
      ...ENVIRONMENTS.map((environment) => [this.nameOf(environment), this.config.retentionMs[environment] + (archiving ? DAY_MS : 0)] as [string, number]),
      [this.archive, archiving ? this.config.archive.retentionMs : null],
    ];
    let lifecycleUnsupported = false;
    for (const [bucket, retentionMs] of expirations) {
      await this.ensureExists(bucket);
      if (!lifecycleUnsupported && retentionMs !== null) lifecycleUnsupported = !(await this.setExpiration(bucket, retentionMs));
    }
    if (lifecycleUnsupported) {
      this.logger.log('this S3 endpoint does not support lifecycle rules; the retention sweep alone removes expired documents');
    }
  }

  private async ensureExists(bucket: string): Promise<void> {
    try {
      await this.s3.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch (error) {
      if (!(error instanceof S3ServiceException) || error.$metadata.httpStatusCode !== 404) throw error;
      await this.s3.send(new CreateBucketCommand({ Bucket: bucket })).catch((createError: Error) => {
        if (createError.name !== 'BucketAlreadyOwnedByYou' && createError.name !== 'BucketAlreadyExists') throw createError;
      });
    }
  }

  /** Lifecycle rules count whole days; the sweep honours the exact retention. Returns false when unsupported. */
  private async setExpiration(bucket: string, retentionMs: number): Promise<boolean> {
    try {
      await this.s3.send(
        new PutBucketLifecycleConfigurationCommand({
          Bucket: bucket,
          LifecycleConfiguration: {
            Rules: [{ ID: 'rejected-retention', Status: 'Enabled', Filter: { Prefix: '' }, Expiration: { Days: Math.max(1, Math.ceil(retentionMs / DAY_MS)) } }],
          },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof S3ServiceException && (error.name === 'NotImplemented' || error.$metadata.httpStatusCode === 501)) return false;
      throw error;
    }
  }
}
