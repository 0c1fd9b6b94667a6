import type { PutObjectCommandInput } from '@aws-sdk/client-s3';
import type { AppConfig } from '../../config/app-config.js';

/**
 * What every write of a stored object (PutObject, CopyObject) adds to its parameters: the server-side
 * encryption S3_SSE asks for (`AES256`, or `aws:kms` with the bucket's or account's default key), nothing when unset.
 */
export function encryptionParams(config: AppConfig): Pick<PutObjectCommandInput, 'ServerSideEncryption'> {
  const sse = config.s3.serverSideEncryption;
  return sse ? { ServerSideEncryption: sse } : {};
}
