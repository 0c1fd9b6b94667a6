import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadConfig } from '../../config/load-config.js';
import { encryptionParams } from './server-side-encryption.js';

const TOKENS = { ADMIN_TOKEN: 'admin-token-0123456789', PRODUCER_TOKEN: 'producer-token-0123456789' };

describe('server-side encryption parameters', () => {
  it('request what S3_SSE names, and nothing when it is unset', () => {
    assert.deepEqual(encryptionParams(loadConfig({ ...TOKENS, S3_SSE: 'AES256' })), { ServerSideEncryption: 'AES256' });
    assert.deepEqual(encryptionParams(loadConfig({ ...TOKENS, S3_SSE: 'aws:kms' })), { ServerSideEncryption: 'aws:kms' });
    assert.deepEqual(encryptionParams(loadConfig(TOKENS)), {});
  });
});
