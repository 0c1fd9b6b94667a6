import { Injectable } from '@nestjs/common';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { HealthIndicatorService } from '@nestjs/terminus';
import { RejectedBuckets } from '../../../infrastructure/s3/rejected-buckets.js';

@Injectable()
export class S3Indicator {
  constructor(
    private readonly s3: S3Client,
    private readonly buckets: RejectedBuckets,
    private readonly health: HealthIndicatorService,
  ) {}

  async check() {
    const indicator = this.health.check('s3');
    try {
      await this.s3.send(new HeadBucketCommand({ Bucket: this.buckets.nameOf('sandbox') }), { abortSignal: AbortSignal.timeout(2000) });
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: (error as Error).message || (error as Error).name });
    }
  }
}
