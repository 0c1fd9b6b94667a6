import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Environment } from '../../src/domain/environment.js';
import { eventually } from '../support/eventually.js';
import type { ReceivedRequest } from '../support/receiver.js';
import { OPERATOR, type TestService } from '../support/service.js';

/** Helpers shared by the retry, rejected and suspension end-to-end tests. */

export interface CreatedClient {
  id: string;
  apiKey: string;
  headers: Record<string, string>;
  hooks: { id: string; environment: Environment; kind: string; status: string }[];
}

/** A client whose data hooks (one per environment given) point at the receiver. */
export async function createClient(service: TestService, urls: Partial<Record<Environment, string>>): Promise<CreatedClient> {
  const environments = Object.fromEntries(Object.entries(urls).map(([environment, url]) => [environment, { dataWebhookUrl: url }]));
  const created = await service.request('POST', '/v1/clients', { body: { name: `client ${randomUUID()}`, environments }, headers: OPERATOR });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  return { ...created.body, headers: { authorization: `Bearer ${created.body.apiKey}` } };
}

export async function submitDocument(
  service: TestService,
  clientId: string,
  environment: Environment,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const id = randomUUID();
  const response = await service.request('POST', '/v1/documents', {
    body: { id, clientId, environment, kind: 'summary', type: 'physical_summary', userId: 'user-123', data: { steps: 4321, day: '2026-01-10' }, ...overrides },
    headers: OPERATOR,
  });
  assert.equal(response.status, 202, JSON.stringify(response.body));
  return id;
}

/** What the receiver got for one document. */
export function requestsFor(requests: readonly ReceivedRequest[], documentId: string): ReceivedRequest[] {
  return requests.filter((request) => request.headers['webhook-id'] === documentId);
}

export async function eventOf(service: TestService, documentId: string, headers: Record<string, string> = OPERATOR) {
  const response = await service.request('GET', `/webhooks/v1/events/${documentId}`, { headers });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body;
}

/** Waits until the document is in the rejected bucket, as the events API tells. */
export async function waitUntilStored(service: TestService, documentId: string, timeoutMs = 15_000) {
  return eventually(
    async () => {
      const event = await eventOf(service, documentId);
      assert.equal(event.status, 'Failed');
      assert.ok(event.rejected, 'the events API shows where it is stored');
      return event;
    },
    { timeoutMs },
  );
}

export async function readObject(service: TestService, bucket: string, key: string): Promise<string> {
  const object = await service.app.get(S3Client).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  return object.Body!.transformToString('utf8');
}

export async function objectExists(service: TestService, bucket: string, key: string): Promise<boolean> {
  try {
    await service.app.get(S3Client).send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return true;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return false;
    throw error;
  }
}

export async function listRejected(service: TestService, headers: Record<string, string>, query = '') {
  const response = await service.request('GET', `/v1/rejected${query}`, { headers });
  assert.equal(response.status, 200, JSON.stringify(response.body));
  return response.body as { items: { id: string; kind: string; type: string; userId: string; environment: string; storedAt: string; expiresAt: string; attempts: number }[]; nextCursor: string | null };
}
