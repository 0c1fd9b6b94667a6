import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pg from 'pg';
import { register } from 'prom-client';
import { RECONCILER_LOCK } from '../../../libs/kernel/reconciler.js';
import { eventually } from '../../support/eventually.js';
import { TestEnvironment } from '../../support/test-environment.js';
import {
  BATCHED,
  Batcher,
  effectsOf,
  envelope,
  HAPPENED,
  LEASE_MS,
  MARKER,
  messagesOf,
  RECONCILE_GRACE_MS,
  RECONCILE_INTERVAL_MS,
  startKernel,
  type Harness,
} from './kernel-harness.js';

describe('kernel: mailboxes in PostgreSQL, Bull doorbells, the reconciler', () => {
  const environment = new TestEnvironment();
  let kernel: Harness;

  before(async () => {
    kernel = await startKernel(environment);
  });

  after(async () => {
    await kernel.close();
    await environment.destroy();
  });

  const publish = (...events: ReturnType<typeof envelope>[]) => kernel.dataSource.transaction((tx) => kernel.bus.publish(tx, ...events));
  /** A later message on the single-file recorder mailbox proves the actors have moved past what came before. */
  const markerHandled = async () => {
    const marker = envelope(MARKER);
    await publish(marker);
    await eventually(() => assert.equal(kernel.journal.callsFor(marker.id).length, 1));
  };

  it('delivers a committed event once to every actor that handles it, and keeps no row of it', async () => {
    const event = envelope(HAPPENED);
    await publish(event);
    await eventually(async () => assert.deepEqual(await effectsOf(kernel.dataSource, event.id), ['auditor', 'recorder']));
    await eventually(async () => assert.deepEqual(await messagesOf(kernel.dataSource, event.id), []));
  });

  it('never handles an event published in a transaction that rolled back', async () => {
    const rolledBack = envelope(HAPPENED);
    await assert.rejects(
      kernel.dataSource.transaction(async (tx) => {
        await kernel.bus.publish(tx, rolledBack);
        throw new Error('abort');
      }),
      /abort/,
    );
    await markerHandled();
    assert.equal(kernel.journal.callsFor(rolledBack.id).length, 0);
    assert.deepEqual(await messagesOf(kernel.dataSource, rolledBack.id), []);
  });

  it('handles a message whose doorbell never rang (its publisher died right after commit) once the reconciler finds it', async () => {
    const event = envelope(HAPPENED);
    await kernel.dataSource.query(
      `INSERT INTO kernel_messages (event_id, actor, type, envelope, run_at) VALUES ($1, 'recorder', $2, $3::json, now() - interval '1 second')`,
      [event.id, event.type, JSON.stringify(event)],
    );
    await eventually(async () => assert.deepEqual(await effectsOf(kernel.dataSource, event.id), ['recorder']), { timeoutMs: 5000 });
  });

  it('handles a delayed message on time even when Redis forgot its alarm, within the reconcile interval and grace', async () => {
    const deliverAt = new Date(Date.now() + 1000);
    const event = envelope(HAPPENED, deliverAt);
    await publish(event);
    assert.ok((await environment.wipeRedis()) > 0, 'the alarm was in Redis');
    await eventually(async () => assert.deepEqual(await effectsOf(kernel.dataSource, event.id), ['auditor', 'recorder']), { timeoutMs: 10_000 });
    const [call] = kernel.journal.callsFor(event.id, 'recorder');
    assert.ok(call.at >= deliverAt.getTime(), 'not before its time');
    assert.ok(call.at <= deliverAt.getTime() + RECONCILE_GRACE_MS + RECONCILE_INTERVAL_MS + 2000, `handled ${call.at - deliverAt.getTime()} ms after it was due`);
  });

  it('hands a message out again once the lease of a worker that died with it runs out', async () => {
    const event = envelope(HAPPENED);
    await kernel.dataSource.query(
      `INSERT INTO kernel_messages (event_id, actor, type, envelope, attempts, lease_until, lease_owner)
       VALUES ($1, 'recorder', $2, $3::json, 1, now() - interval '1 millisecond', 'a-worker-that-died')`,
      [event.id, event.type, JSON.stringify(event)],
    );
    await eventually(async () => assert.deepEqual(await effectsOf(kernel.dataSource, event.id), ['recorder']), { timeoutMs: 5000 });
    assert.deepEqual(
      kernel.journal.callsFor(event.id).map((call) => call.attempt),
      [2],
    );
  });

  it('keeps a message leased for as long as its handler runs, however long: no other worker takes it', async () => {
    const other = await startKernel(environment, kernel.journal);
    try {
      const event = { ...envelope(HAPPENED), payload: { n: 1, quiet: true, hold: true } };
      await publish(event);
      await eventually(() => assert.ok(kernel.journal.releases.has(event.id), 'a worker is handling it'));
      const [{ claimedAt }] = await kernel.dataSource.query(`SELECT now() AS "claimedAt" FROM kernel_messages WHERE event_id = $1`, [event.id]);
      // Three leases' time later, the lease still reaches ahead: renewed while the handler runs.
      await eventually(
        async () => {
          const [{ renewedPast }] = await kernel.dataSource.query(
            `SELECT lease_until > $2::timestamptz + $3 * interval '1 millisecond' AS "renewedPast" FROM kernel_messages WHERE event_id = $1`,
            [event.id, claimedAt, 3 * LEASE_MS],
          );
          assert.ok(renewedPast);
        },
        { timeoutMs: 10 * LEASE_MS },
      );
      kernel.journal.releases.get(event.id)!();
      await eventually(async () => assert.deepEqual(await effectsOf(kernel.dataSource, event.id), ['recorder']));
      assert.equal(kernel.journal.callsFor(event.id).length, 1, 'handled by one worker, once');
    } finally {
      await other.close();
    }
  });

  it('stops a handler at once when a renewal finds its message taken by another worker', async () => {
    const event = { ...envelope(HAPPENED), payload: { n: 1, quiet: true, hold: true } };
    await publish(event);
    await eventually(() => assert.ok(kernel.journal.releases.has(event.id), 'a worker is handling it'));
    // As if this worker had stalled past its lease and another had claimed the message.
    await kernel.dataSource.query(`UPDATE kernel_messages SET lease_owner = 'another-worker', lease_until = now() + interval '1 hour' WHERE event_id = $1`, [event.id]);
    await eventually(() => assert.ok(kernel.journal.leaseLost.has(event.id), 'the handler was told'), { timeoutMs: 3 * LEASE_MS });
    assert.deepEqual(await effectsOf(kernel.dataSource, event.id), [], 'its effects are not written');
    await kernel.dataSource.query(`DELETE FROM kernel_messages WHERE event_id = $1`, [event.id]);
  });

  it('keeps one message per actor when the same event is published twice before it is handled', async () => {
    const event = envelope(HAPPENED);
    await kernel.dataSource.transaction(async (tx) => {
      await kernel.bus.publish(tx, event);
      await kernel.bus.publish(tx, event);
    });
    await eventually(async () => assert.deepEqual(await effectsOf(kernel.dataSource, event.id), ['auditor', 'recorder']));
    await markerHandled();
    assert.equal(kernel.journal.callsFor(event.id, 'recorder').length, 1);
  });

  it('does not handle a delayed message before its time', async () => {
    const deliverAt = new Date(Date.now() + 1500);
    const event = envelope(HAPPENED, deliverAt);
    await publish(event);
    await eventually(() => assert.equal(kernel.journal.callsFor(event.id, 'recorder').length, 1), { timeoutMs: 5000 });
    const [call] = kernel.journal.callsFor(event.id, 'recorder');
    assert.ok(call.at >= deliverAt.getTime(), `handled at ${new Date(call.at).toISOString()}, due ${deliverAt.toISOString()}`);
  });

  it('retries a handler that throws until it succeeds', async () => {
    const event = envelope(HAPPENED);
    kernel.journal.failuresLeft.set(event.id, 2);
    await publish(event);
    await eventually(async () => assert.deepEqual(await effectsOf(kernel.dataSource, event.id), ['auditor', 'recorder']));
    assert.deepEqual(
      kernel.journal.callsFor(event.id, 'recorder').map((call) => call.attempt),
      [1, 2, 3],
    );
  });

  it('keeps and counts a message whose handler fails every attempt, without holding the other actors back', async () => {
    const event = envelope(HAPPENED);
    kernel.journal.failuresLeft.set(event.id, 1000);
    const counted = async () => (await register.getSingleMetric('kernel_handler_failures_total')!.get()).values.find((v) => v.labels.actor === 'recorder')?.value ?? 0;
    const before = await counted();
    await publish(event);
    const kept = await eventually(
      async () => {
        const [message] = await messagesOf(kernel.dataSource, event.id);
        assert.ok(message?.failed_at, 'kept, marked failed');
        return message;
      },
      { timeoutMs: 15_000 },
    );
    assert.equal(kept.attempts, 5);
    assert.equal(kept.last_error, 'failing on purpose');
    assert.equal(kernel.journal.callsFor(event.id, 'recorder').length, 5, 'every attempt was made');
    assert.equal(await counted(), before + 1);
    assert.deepEqual(await effectsOf(kernel.dataSource, event.id), ['auditor'], 'the other actor is not held back');
  });

  it('hands a batch handler many messages per call, each taking effect once', async () => {
    const batcher = kernel.module.get(Batcher);
    const events = Array.from({ length: 60 }, () => envelope(BATCHED));
    await publish(...events, ...events.slice(0, 10));
    await eventually(async () => {
      const [{ count }] = await kernel.dataSource.query(`SELECT count(*)::int AS count FROM effects WHERE actor = 'batcher'`);
      assert.equal(count, 60);
    });
    assert.ok(batcher.batchSizes.some((size) => size > 1), `batches of ${batcher.batchSizes.join(', ')}`);
  });

  it('lets a batch write effects only for the messages no other worker handled meanwhile', async () => {
    const batcher = kernel.module.get(Batcher);
    const events = Array.from({ length: 20 }, () => ({ ...envelope(BATCHED), payload: { n: 1, hold: true } }));
    await publish(...events);
    await eventually(() => assert.ok(batcher.held, 'a batch is being handled'));
    // As if another worker had handled five of them (its transaction removed their messages) while this batch ran.
    const [, gone] = await kernel.dataSource.query(`DELETE FROM kernel_messages WHERE event_id = ANY($1::uuid[]) AND actor = 'batcher'`, [events.slice(0, 5).map((event) => event.id)]);
    assert.equal(gone, 5);
    batcher.held!.release();
    batcher.held = undefined;
    await eventually(async () => assert.deepEqual(await messagesOf(kernel.dataSource, events[19].id), []));
    const written = async (ids: string[]) =>
      (await kernel.dataSource.query(`SELECT count(*)::int AS count FROM effects WHERE actor = 'batcher' AND event_id = ANY($1::uuid[])`, [ids]))[0].count;
    assert.equal(await written(events.slice(5).map((event) => event.id)), 15);
    assert.equal(await written(events.slice(0, 5).map((event) => event.id)), 0, 'nothing written for the messages handled elsewhere');
  });

  it('stores an event only for the actors whose filter lets it through', async () => {
    const quiet = { ...envelope(HAPPENED), payload: { n: 1, quiet: true } };
    await publish(quiet);
    assert.deepEqual(
      (await messagesOf(kernel.dataSource, quiet.id)).map((message) => message.actor),
      ['recorder'],
    );
    await eventually(async () => assert.deepEqual(await effectsOf(kernel.dataSource, quiet.id), ['recorder']));
    assert.equal(kernel.journal.callsFor(quiet.id, 'auditor').length, 0);
  });

  it("reports the overdue rows of its own passes, and no count while another process's pass holds the lock", async () => {
    const overdue = async () => (await register.getSingleMetric('kernel_overdue_rows')!.get()).values.find((value) => value.labels.ledger === 'kernel')?.value;
    // Only the passes this test makes: one on the timer could take the lock from them.
    await kernel.reconciler.stop();
    const other = new pg.Client({ connectionString: environment.databaseUrl });
    await other.connect();
    try {
      await kernel.reconciler.pass();
      assert.equal(typeof (await overdue()), 'number');
      await other.query('SELECT pg_advisory_lock($1)', [RECONCILER_LOCK]);
      await kernel.reconciler.pass();
      assert.equal(await overdue(), undefined, 'a count of an older pass is not shown as current');
      await other.query('SELECT pg_advisory_unlock($1)', [RECONCILER_LOCK]);
      await kernel.reconciler.pass();
      assert.equal(typeof (await overdue()), 'number');
    } finally {
      await other.end();
      kernel.reconciler.start();
    }
  });

  it('refuses to publish outside a transaction', async () => {
    await assert.rejects(kernel.bus.publish(kernel.dataSource.manager, envelope(HAPPENED)), /open transaction/);
  });
});
