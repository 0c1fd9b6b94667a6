import assert from 'node:assert/strict';
import { freePort } from '../support/free-port.js';
import { OPERATOR, type TestService } from '../support/service.js';

export interface CreatedClient {
  id: string;
  apiKey: string;
  hooks: { id: string; environment: string; kind: string; url: string; status: string; signingSecret: string }[];
}

/** Creates a client through the API with a data hook in each environment given. */
export async function createClient(service: TestService, dataWebhookUrls: { sandbox?: string; production?: string }): Promise<CreatedClient> {
  const environments = Object.fromEntries(Object.entries(dataWebhookUrls).map(([environment, url]) => [environment, { dataWebhookUrl: url }]));
  const response = await service.request('POST', '/v1/clients', { body: { name: 'Acme Health', environments }, headers: OPERATOR });
  assert.equal(response.status, 201, JSON.stringify(response.body));
  return response.body as CreatedClient;
}

export function dataHookOf(client: CreatedClient, environment = 'sandbox') {
  const hook = client.hooks.find((candidate) => candidate.kind === 'data' && candidate.environment === environment);
  assert.ok(hook, `client has a data hook in ${environment}`);
  return hook;
}

export function documentFor(client: CreatedClient, overrides: Record<string, unknown> = {}) {
  return { clientId: client.id, environment: 'sandbox', kind: 'summary', type: 'physical_summary', userId: 'user-123', data: { steps: 4200 }, ...overrides };
}

export function bearer(apiKey: string) {
  return { authorization: `Bearer ${apiKey}` };
}

/** A loopback port nothing listens on: connections to it are refused. */
export const closedPort = freePort;
