import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { eventually } from '../support/eventually.js';
import { OtlpCollector, type CollectedSpan } from '../support/otlp-collector.js';
import { Receiver } from '../support/receiver.js';
import { SERVICE_NODE_ARGS } from '../support/service-command.js';
import { ServiceProcess } from '../support/service-process.js';
import { OPERATOR, PRODUCER } from '../support/service.js';
import { TEST_ADMIN_TOKEN, TEST_PRODUCER_TOKEN, TestEnvironment } from '../support/test-environment.js';

const SERVER = 2;
const CLIENT = 3;
const PRODUCER_KIND = 4;
const CONSUMER = 5;

/** A producer's own span, as its traceparent header names it. */
function producerSpan() {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, header: `00-${traceId}-${spanId}-01` };
}

const traceIdOf = (traceparent: unknown) => String(traceparent).split('-')[1];
const spanIdOf = (traceparent: unknown) => String(traceparent).split('-')[2];

async function call(service: ServiceProcess, path: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(`${service.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
}

/** A client whose sandbox data hook is `url`; its API key and signing secret are kept to look for them in the spans. */
async function clientOf(service: ServiceProcess, url: string) {
  const created = await call(service, '/v1/clients', { name: 'Traced', environments: { sandbox: { dataWebhookUrl: url } } }, OPERATOR);
  assert.equal(created.status, 201);
  return { id: created.body.id as string, secrets: [created.body.apiKey as string, created.body.hooks[0].signingSecret as string] };
}

const TRACING = (collector: OtlpCollector) => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: collector.endpoint,
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  // Spans reach the collector within a tenth of a second instead of five.
  OTEL_BSP_SCHEDULE_DELAY: '100',
});

describe('tracing on: one trace from the producer to the receiver', () => {
  const environment = new TestEnvironment();
  const bodyMarker = `BODY-${randomUUID()}`;
  const userMarker = `USER-${randomUUID()}`;
  const secrets = [TEST_ADMIN_TOKEN, TEST_PRODUCER_TOKEN];
  let collector: OtlpCollector;
  let receiver: Receiver;
  let service: ServiceProcess;

  before(async () => {
    collector = await OtlpCollector.start();
    receiver = await Receiver.start();
    const refused = new Set<string>();
    // /retry refuses each document once, then accepts it.
    receiver.answer((request) => {
      if (!request.path.startsWith('/retry') || refused.has(request.json?.id)) return { status: 200 };
      refused.add(request.json?.id);
      return { status: 500 };
    });
    service = await ServiceProcess.start(environment, { ROLE: 'all', LOG_LEVEL: 'log', RETRY_SCHEDULE: '200ms,400ms', ...TRACING(collector) });
  });

  after(async () => {
    await service?.stop();
    await receiver?.close();
    await collector?.close();
    await environment.destroy();
  });

  async function ingest(clientId: string, producer: { header: string }) {
    const document = { clientId, environment: 'sandbox', kind: 'summary', type: 'physical_summary', userId: userMarker, data: { note: bodyMarker } };
    const answer = await call(service, '/v1/documents', document, { ...PRODUCER, traceparent: producer.header });
    assert.equal(answer.status, 202);
    return answer.body.id as string;
  }

  const named = (spans: CollectedSpan[], name: string) => spans.filter((span) => span.name === name);

  /** The POSTs of one document the receiver got, once there are `count`. */
  const attemptsOf = (documentId: string, count: number) =>
    eventually(() => {
      const attempts = receiver.requests.filter((request) => request.json?.id === documentId);
      assert.ok(attempts.length >= count, `${attempts.length} of ${count} attempts received`);
      return attempts;
    });

  it("continues the producer's trace through the ledger to the POST, whose traceparent carries it", async () => {
    const client = await clientOf(service, `${receiver.url}/data`);
    secrets.push(...client.secrets);
    const producer = producerSpan();
    const documentId = await ingest(client.id, producer);

    const [delivered] = await attemptsOf(documentId, 1);
    assert.equal(traceIdOf(delivered.headers.traceparent), producer.traceId, "the receiver's traceparent carries the producer's trace id");

    const spans = await collector.trace(producer.traceId, (found) => found.some((span) => span.spanId === spanIdOf(delivered.headers.traceparent)));
    const [server] = named(spans, 'POST /v1/documents');
    assert.equal(server.kind, SERVER);
    assert.equal(server.parentSpanId, producer.spanId, "the HTTP server span is a child of the producer's span");
    const [ingestSpan] = named(spans, 'ingest documents');
    assert.equal(ingestSpan.kind, PRODUCER_KIND);
    assert.equal(ingestSpan.parentSpanId, server.spanId);
    const [delivery] = named(spans, 'deliver documents');
    assert.equal(delivery.kind, CONSUMER);
    assert.equal(delivery.parentSpanId, ingestSpan.spanId, 'the first attempt is a child of the ingest span');
    assert.equal(delivery.attributes['messaging.message.id'], documentId);
    assert.equal(delivery.attributes['webhook.delivery.trigger'], 'initial');
    const post = spans.find((span) => span.spanId === spanIdOf(delivered.headers.traceparent))!;
    assert.equal(post.kind, CLIENT);
    assert.equal(post.parentSpanId, delivery.spanId, "the POST's span (the one its traceparent names) is a child of the delivery span");
    assert.equal(post.attributes['http.response.status_code'], 200);
    assert.ok(spans.some((span) => span.attributes['db.system.name'] === 'postgresql' && span.parentSpanId === ingestSpan.spanId), "the ingest's SQL is traced");

    const accessLog = await eventually(() => service.logLines().find((line) => String(line.message).startsWith('POST /v1/documents 202 '))!);
    assert.equal(accessLog?.trace_id, producer.traceId, 'a log line written inside the span names its trace');
    assert.equal(accessLog?.span_id, server.spanId);
  });

  it("links a retry, in a trace of its own, to the ingest's span", async () => {
    const client = await clientOf(service, `${receiver.url}/retry`);
    secrets.push(...client.secrets);
    const producer = producerSpan();
    const documentId = await ingest(client.id, producer);

    const [first, retry] = await attemptsOf(documentId, 2);
    assert.equal(traceIdOf(first.headers.traceparent), producer.traceId);
    const retryTrace = traceIdOf(retry.headers.traceparent);
    assert.notEqual(retryTrace, producer.traceId, 'the retry starts a trace of its own');

    const [ingestSpan] = named(await collector.trace(producer.traceId, (found) => named(found, 'ingest documents').length > 0), 'ingest documents');
    const retrySpans = await collector.trace(retryTrace, (found) => named(found, 'deliver documents').length > 0);
    const [delivery] = named(retrySpans, 'deliver documents');
    assert.equal(delivery.parentSpanId, '', 'the retry span is the root of its trace');
    assert.deepEqual(delivery.links, [{ traceId: producer.traceId, spanId: ingestSpan.spanId }], 'and links to the ingest span');
    assert.equal(delivery.attributes['webhook.delivery.trigger'], 'retry');
    assert.equal(delivery.attributes['webhook.delivery.attempt'], 2);
  });

  it('keeps bodies, user ids, secrets and tokens out of every exported span', async () => {
    assert.ok(collector.requests.length > 0);
    const exported = collector.requests.map((request) => request.body).join('\n');
    for (const forbidden of [bodyMarker, userMarker, ...secrets]) assert.ok(!exported.includes(forbidden), `an exported span holds ${forbidden.slice(0, 12)}…`);
  });
});

describe('tracing off', () => {
  const environment = new TestEnvironment();
  let collector: OtlpCollector;
  let receiver: Receiver;

  before(async () => {
    collector = await OtlpCollector.start();
    receiver = await Receiver.start();
  });

  after(async () => {
    await receiver?.close();
    await collector?.close();
    await environment.destroy();
  });

  it('sends the collector nothing, not even at shutdown, and no traceparent to the receiver', async () => {
    // Everything an SDK would need to export to the collector, but OTEL_SDK_DISABLED: off.
    const service = await ServiceProcess.start(environment, { ROLE: 'all', LOG_LEVEL: 'log', ...TRACING(collector), OTEL_SDK_DISABLED: 'true' });
    try {
      const client = await clientOf(service, `${receiver.url}/off`);
      const producer = producerSpan();
      const document = { clientId: client.id, environment: 'sandbox', kind: 'event', type: 'sleep_event', userId: 'user-1', data: {} };
      assert.equal((await call(service, '/v1/documents', document, { ...PRODUCER, traceparent: producer.header })).status, 202);
      const [delivered] = await receiver.waitForRequests(1);
      assert.equal(delivered.headers.traceparent, undefined, 'no traceparent without tracing');
      assert.ok(service.logLines().some((line) => String(line.message).startsWith('POST /v1/documents 202')));
      assert.ok(service.logLines().every((line) => line.trace_id === undefined), 'no log line names a trace');
    } finally {
      // A started SDK exports what it holds when the service stops: after the exit, nothing can still come.
      await service.stop();
    }
    assert.deepEqual(collector.requests, [], 'the collector received nothing');
  });

  it('loads no part of the SDK without an endpoint, and all of it with one', () => {
    const preload = SERVICE_NODE_ARGS.filter((arg) => arg.startsWith('--import'));
    const sdkModules = (env: Record<string, string>) => {
      const { stdout, status } = spawnSync(process.execPath, [...preload, '-e', "console.log(Object.keys(require.cache).filter((path) => path.includes('@opentelemetry/sdk-')).length)"], {
        env: { PATH: process.env.PATH ?? '', ...env },
        encoding: 'utf8',
      });
      assert.equal(status, 0);
      return Number(stdout.trim());
    };
    assert.equal(sdkModules({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', OTEL_SERVICE_NAME: 'unused' }), 0);
    assert.equal(sdkModules({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9', OTEL_SDK_DISABLED: 'true' }), 0);
    assert.ok(sdkModules({ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://127.0.0.1:9/v1/traces' }) > 0, 'the check sees the SDK when it is loaded');
  });
});
