import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { ServiceProcess } from '../support/service-process.js';
import { createClient, type CreatedClient } from './rejected-support.js';

const BIG_USER_DOCUMENTS = 300_000;
const OTHER_USER_DOCUMENTS = 2_000;
/** What the worker may grow by while it erases: a page of rows, not the user's whole history. */
const MEMORY_BOUND_BYTES = 64 * 1024 * 1024;

/**
 * Pending documents of one user, as a week of a receiver being down leaves them: the record, the body, the failed
 * first attempt and the place in the queue, waiting for a retry an hour away.
 */
const PENDING = `WITH made AS (
    INSERT INTO documents (id, created_at, client_id, hook_id, environment, kind, type, user_id, content_hash, status, attempts, last_attempted_at)
    SELECT gen_random_uuid(), now(), $1, $2, 'sandbox', 'summary', 'physical_summary', $3, md5(n::text), 'Pending', 1, now()
    FROM generate_series(1, $4::int) n
    RETURNING id, created_at),
  bodies AS (INSERT INTO document_bodies (document_id, created_at, data) SELECT id, created_at, '{"steps":4321}' FROM made),
  tried AS (
    INSERT INTO delivery_attempts (document_id, document_created_at, attempt, delivery_id, scheduled_attempt, trigger, hook_id, attempted_at, response_status,
      response_duration_ms, accepted)
    SELECT id, created_at, 1, gen_random_uuid(), 1, 'initial', $2, created_at, 500, 35, false FROM made)
  INSERT INTO delivery_queue (document_id, created_at, client_id, hook_id, environment, kind, type, user_id, attempts, scheduled_attempts, first_attempted_at,
    last_attempted_at, due_at)
  SELECT id, created_at, $1, $2, 'sandbox', 'summary', 'physical_summary', $3, 1, 1, created_at, created_at, now() + interval '1 hour' FROM made`;

/** The resident memory of a process, from the kernel's own account of it. */
async function residentBytes(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/^VmRSS:\s+(\d+) kB/m.exec(status)![1]) * 1024;
}

describe('erasure of a user with hundreds of thousands of documents', () => {
  const environment = new TestEnvironment();
  let api: TestService;
  let worker: ServiceProcess;
  let receiver: Receiver;
  let client: CreatedClient;
  let dataSource: DataSource;

  before(async () => {
    receiver = await Receiver.start();
    api = await TestService.start(environment, { ROLE: 'api' });
    worker = await ServiceProcess.start(environment);
    client = await createClient(api, { sandbox: `${receiver.url}/data` });
    dataSource = api.app.get(DataSource);
    const hookId = client.hooks[0].id;
    await dataSource.query(PENDING, [client.id, hookId, 'big-user', BIG_USER_DOCUMENTS]);
    await dataSource.query(PENDING, [client.id, hookId, 'other-user', OTHER_USER_DOCUMENTS]);
    await dataSource.query('ANALYZE');
  });

  after(async () => {
    await worker.stop();
    await api.stop();
    await receiver.close();
    await environment.destroy();
  });

  const rowsOf = async (userId: string) => {
    const [counts]: Record<string, number>[] = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM documents WHERE user_id = $1) AS documents,
              (SELECT count(*)::int FROM delivery_queue WHERE user_id = $1) AS queued,
              (SELECT count(*)::int FROM document_bodies b JOIN documents d ON d.id = b.document_id AND d.created_at = b.created_at WHERE d.user_id = $1) AS bodies,
              (SELECT count(*)::int FROM delivery_attempts a JOIN documents d ON d.id = a.document_id AND d.created_at = a.document_created_at WHERE d.user_id = $1) AS attempts`,
      [userId],
    );
    return counts;
  };

  it('completes in bounded memory and erases only that user', async () => {
    assert.deepEqual(await rowsOf('big-user'), { documents: BIG_USER_DOCUMENTS, queued: BIG_USER_DOCUMENTS, bodies: BIG_USER_DOCUMENTS, attempts: BIG_USER_DOCUMENTS });
    const pid = worker.child.pid!;
    const before = await residentBytes(pid);
    let peak = before;
    const sampler = setInterval(() => void residentBytes(pid).then((bytes) => (peak = Math.max(peak, bytes)), () => undefined), 50);
    try {
      const requested = await api.request('POST', '/v1/erasures', { body: { userId: 'big-user' }, headers: client.headers });
      assert.equal(requested.status, 202, JSON.stringify(requested.body));
      const done = await eventually(
        async () => {
          const response = await api.request('GET', `/v1/erasures/${requested.body.id}`, { headers: client.headers });
          assert.equal(response.body.state, 'Done', JSON.stringify(response.body));
          return response.body;
        },
        { timeoutMs: 300_000, intervalMs: 500 },
      );
      assert.equal(done.documents, BIG_USER_DOCUMENTS);
    } finally {
      clearInterval(sampler);
    }
    assert.deepEqual(await rowsOf('big-user'), { documents: 0, queued: 0, bodies: 0, attempts: 0 });
    assert.deepEqual(await rowsOf('other-user'), { documents: OTHER_USER_DOCUMENTS, queued: OTHER_USER_DOCUMENTS, bodies: OTHER_USER_DOCUMENTS, attempts: OTHER_USER_DOCUMENTS });
    assert.ok(peak - before < MEMORY_BOUND_BYTES, `the worker grew by ${Math.round((peak - before) / 2 ** 20)} MiB while erasing`);
    assert.equal(receiver.requests.length, 0, 'nothing of either user was sent meanwhile');
  });
});
