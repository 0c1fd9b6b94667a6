import { Injectable } from '@nestjs/common';
import { HeadBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { HealthIndicatorService } from '@nestjs/terminus';
import { ENVIRONMENTS } from '../../../domain/environment.js';
import { S3Buckets } from '../../../infrastructure/s3/s3-buckets.js';
import { quietly } from './probe.js';

/** S3 is up when every bucket the service writes to answers: both rejected buckets and the archive. */
@Injectable()
export class S3Indicator {
  constructor(
    private readonly s3: S3Client,
    private readonly buckets: S3Buckets,
    private readonly health: HealthIndicatorService,
  ) {}

  check() {
    const names = [...ENVIRONMENTS.map((environment) => this.buckets.nameOf(environment)), this.buckets.archive];
    return quietly(
      this.health,
      's3',
      this.health.check('s3').attempt(async ({ signal }) => {
        await Promise.all(names.map((Bucket) => this.s3.send(new HeadBucketCommand({ Bucket }), { abortSignal: signal })));
      }),
    );
  }
}
