import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { storedState } from '../support/stored-state.js';
import { TestEnvironment } from '../support/test-environment.js';
import { requestOf, sweepOf, type Operation, type Parameter, type RequestCase, type Schema, type World } from './request-arbitraries.js';

/**
 * Every route of the OpenAPI document (built from the running app, so routes added later are covered),
 * sent invalid and edge-case requests against the real PostgreSQL, Redis and S3: first a fixed sweep
 * (each field removed or replaced by null, a NUL, a number, a long string), then FC_RUNS generated
 * requests. Whatever is sent: no 5xx, an error in the shape of API.md without a stack or a driver's
 * words, and a refused request stores nothing. Seeded: FC_SEED replays a run.
 */
const SEED = Number(process.env.FC_SEED ?? Math.floor(Math.random() * 2 ** 31));
const RUNS = Number(process.env.FC_RUNS ?? 12);

/** What must never reach a caller: stack frames, error class names, SQL and driver words. */
const LEAKS = /\bat .+:\d+:\d+|node_modules|QueryFailedError|TypeError|RangeError|ReferenceError|SQLSTATE|syntax error at|violates|duplicate key|invalid input syntax|relation "|ECONN|ioredis|ReplyError|NoSuchKey|NoSuchBucket|S3ServiceException/;

describe('property: bad input never becomes a 5xx, on every route', () => {
  const environment = new TestEnvironment();
  let service: TestService;
  let receiver: Receiver;
  let operations: Operation[] = [];
  let world: World;

  before(async () => {
    receiver = await Receiver.start();
    receiver.answer((request) => ({ status: request.path.startsWith('/refuse') ? 500 : 200 }));
    const ids = await seedWorld();
    // An API process alone: no worker changes a row behind the requests' backs.
    service = await TestService.start(environment, { ROLE: 'api' });
    const document = SwaggerModule.createDocument(service.app, new DocumentBuilder().build());
    const schemas = (document.components?.schemas ?? {}) as Record<string, Schema>;
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods as Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: Schema }> } }>).map(
        ([method, operation]) => ({
          method: method.toUpperCase(),
          path,
          parameters: operation.parameters ?? [],
          body: operation.requestBody?.content?.['application/json']?.schema,
        }),
      ),
    );
    world = { ...ids, resolve: (ref) => schemas[ref.split('/').at(-1)!] };
  });

  after(async () => {
    await service?.stop();
    await receiver.close();
    await environment.destroy();
  });

  /** Two clients, each with a delivered and a rejected document and a resend job: ids that exist, for the routes to find. */
  async function seedWorld(): Promise<Pick<World, 'ids' | 'credentials'>> {
    const seeding = await TestService.start(environment, { RETRY_SCHEDULE: '100ms' });
    try {
      const ids: string[] = [];
      const credentials = [OPERATOR.authorization.slice('Bearer '.length)];
      for (const name of ['Acme', 'Globex']) {
        const environments = {
          sandbox: { dataWebhookUrl: `${receiver.url}/ok`, notificationWebhookUrl: `${receiver.url}/notify` },
          production: { dataWebhookUrl: `${receiver.url}/refuse` },
        };
        const client = await seeding.request('POST', '/v1/clients', { body: { name, environments }, headers: OPERATOR });
        assert.equal(client.status, 201, JSON.stringify(client.body));
        ids.push(client.body.id, ...client.body.hooks.map((hook: { id: string }) => hook.id));
        credentials.push(client.body.apiKey);
        for (const target of ['sandbox', 'production']) {
          const document = { clientId: client.body.id, environment: target, kind: 'event', type: 'sleep_event', userId: 'user-1', data: { minutes: 412 } };
          const accepted = await seeding.request('POST', '/v1/documents', { body: document, headers: OPERATOR });
          ids.push(accepted.body.id);
        }
        const rejected = ids.at(-1)!;
        const headers = { authorization: `Bearer ${client.body.apiKey}` };
        await eventually(async () => assert.equal((await seeding.request('GET', `/v1/rejected/${rejected}`, { headers })).status, 200));
        const job = await seeding.request('POST', '/v1/rejected/resend', { body: { environment: 'production', ids: [rejected] }, headers });
        ids.push(job.body.jobId);
      }
      return { ids, credentials };
    } finally {
      await seeding.stop();
    }
  }

  async function send(request: RequestCase) {
    const response = await fetch(`${service.url}${request.path}`, { method: request.method, headers: request.headers, body: request.body });
    return { status: response.status, text: await response.text(), requestId: response.headers.get('x-request-id') };
  }

  /** What is stored now; taken again only after a request was accepted (one that was refused must not change it). */
  let stored: Record<string, number> | undefined;

  /** One request and everything a caller may expect of its answer. */
  async function check(request: RequestCase): Promise<void> {
    const before = (stored ??= await storedState(service));
    const response = await send(request);
    if (response.status < 400) stored = undefined;
    assert.ok(response.status < 500, `answered ${response.status}: ${response.text.slice(0, 500)}`);
    // Node's HTTP parser refuses an oversized request line or headers before any application code runs.
    if (response.status === 431) return;
    assert.ok(response.requestId, 'every response carries x-request-id');
    if (response.status < 400) return;
    const body = JSON.parse(response.text) as { statusCode: unknown; error: unknown; message: unknown };
    assert.equal(body.statusCode, response.status, response.text);
    assert.equal(typeof body.error, 'string', response.text);
    assert.ok(typeof body.message === 'string' || (Array.isArray(body.message) && body.message.every((line) => typeof line === 'string')), response.text);
    assert.doesNotMatch(response.text, LEAKS, 'no stack trace or driver text');
    stored = await storedState(service);
    assert.deepEqual(stored, before, `refused with ${response.status}, yet something was stored`);
  }

  it('finds the routes in the OpenAPI document', () => {
    assert.ok(operations.length >= 20, `only ${operations.length} operations`);
    assert.ok(operations.some((operation) => operation.method === 'POST' && operation.path === '/v1/documents' && operation.body));
  });

  it('answers every generated request below 500, in the error shape, storing nothing when it refuses', async (t) => {
    for (const operation of operations) {
      await t.test(`${operation.method} ${operation.path}`, async () => {
        const sweep = sweepOf(operation, world);
        const details = await fc.check(
          fc.asyncProperty(requestOf(operation, world), (request) => check(request)),
          { seed: SEED, numRuns: sweep.length + RUNS, examples: sweep.map((request) => [request]) },
        );
        if (!details.failed) return;
        assert.fail(
          [
            `${operation.method} ${operation.path} failed after ${details.numRuns} runs (shrunk ${details.numShrinks} times): ${(details.errorInstance as Error)?.message}`,
            `counterexample: ${shortened(details.counterexample)}`,
            `replay: FC_SEED=${SEED} FC_RUNS=${RUNS} npm run test:property`,
          ].join('\n'),
        );
      });
    }
  });
});

/** A counterexample fit for a report: long strings (a 3 MiB body) cut short. */
function shortened(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) => (typeof field === 'string' && field.length > 200 ? `${field.slice(0, 200)}… (${field.length} characters)` : field));
}
