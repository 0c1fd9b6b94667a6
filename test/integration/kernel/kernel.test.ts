import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { register } from 'prom-client';
import { Inbox, Mailboxes } from '../../../libs/kernel/index.js';
import { InboxPruner } from '../../../libs/kernel/inbox-pruner.js';
import { eventually } from '../../support/eventually.js';
import { TestEnvironment } from '../../support/test-environment.js';
import { BATCHED, Batcher, effectsOf, envelope, HAPPENED, MARKER, startKernel, type Harness } from './kernel-harness.js';

describe('kernel: outbox, relay and actors against PostgreSQL and Redis', () => {
  const environment = new TestEnvironment();
  let kernel: Harness;

  before(async () => {
    kernel = await startKernel(environment);
  });

  after(async () => {
    await kernel.close();
    await environment.destroy();
  });

  it('delivers a committed event once to every actor that handles it', async () => {
    const event = envelope(HAPPENED);
    await kernel.dataSource.transaction((tx) => kernel.bus.publish(tx, event));
    await eventually(async () => assert.deepEqual(await effectsOf(kernel.dataSource, event.id), ['auditor', 'recorder']));
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
    // A later event on the same single-file mailbox proves the relay and the actor have moved past it.
    const marker = envelope(MARKER);
    await kernel.dataSource.transaction((tx) => kernel.bus.publish(tx, marker));
    await eventually(() => assert.equal(kernel.journal.callsFor(marker.id).length, 1));
    assert.equal(kernel.journal.callsFor(rolledBack.id).length, 0);
    const [{ count }] = await kernel.dataSource.query('SELECT count(*)::int AS count FROM outbox WHERE event_id = $1', [rolledBack.id]);
    assert.equal(count, 0);
  });

  it('handles an event committed while the relay was stopped once the relay starts', async () => {
    await kernel.relay.stop();
    const event = envelope(HAPPENED);
    await kernel.dataSource.transaction((tx) => kernel.bus.publish(tx, event));
    await sleep(600);
    assert.equal(kernel.journal.callsFor(event.id).length, 0, 'nothing is handled while the relay is stopped');
    const [{ count }] = await kernel.dataSource.query('SELECT count(*)::int AS count FROM outbox WHERE event_id = $1', [event.id]);
    assert.equal(count, 1, 'the event waits in the outbox');
    kernel.relay.start();
    await eventually(async () => assert.deepEqual(await effectsOf(kernel.dataSource, event.id), ['auditor', 'recorder']));
  });

  it('relays an event left in the outbox by a process that crashed between its commit and its post', async () => {
    const event = envelope(HAPPENED);
    // Committed by "another process" that never posted it: it is only in the outbox.
    await kernel.dataSource.query(
      `INSERT INTO outbox (event_id, type, envelope, created_at) VALUES ($1, $2, $3::jsonb, now() - interval '10 seconds')`,
      [event.id, event.type, JSON.stringify(event)],
    );
    await eventually(async () => assert.deepEqual(await effectsOf(kernel.dataSource, event.id), ['auditor', 'recorder']));
    const [{ count }] = await kernel.dataSource.query('SELECT count(*)::int AS count FROM outbox WHERE event_id = $1', [event.id]);
    assert.equal(count, 0);
  });

  it('handles a message relayed twice once per actor', async () => {
    const event = envelope(HAPPENED);
    await kernel.relay.stop();
    // As after a crash between posting to the mailboxes and deleting from the outbox: the row is relayed again.
    await kernel.dataSource.transaction(async (tx) => {
      await kernel.bus.publish(tx, event);
      await kernel.bus.publish(tx, event);
    });
    kernel.relay.start();
    await eventually(async () => assert.deepEqual(await effectsOf(kernel.dataSource, event.id), ['auditor', 'recorder']));
    // And once more after the first copies were handled and removed from the mailboxes.
    await kernel.dataSource.transaction((tx) => kernel.bus.publish(tx, event));
    const marker = envelope(MARKER);
    await kernel.dataSource.transaction((tx) => kernel.bus.publish(tx, marker));
    await eventually(() => assert.equal(kernel.journal.callsFor(marker.id).length, 1));
    await sleep(300);
    assert.deepEqual(await effectsOf(kernel.dataSource, event.id), ['auditor', 'recorder']);
  });

  it('does not handle a delayed message before its time', async () => {
    const deliverAt = new Date(Date.now() + 1500);
    const event = envelope(HAPPENED, deliverAt);
    await kernel.dataSource.transaction((tx) => kernel.bus.publish(tx, event));
    await sleep(700);
    assert.equal(kernel.journal.callsFor(event.id).length, 0, 'not handled at half its delay');
    await eventually(() => assert.equal(kernel.journal.callsFor(event.id, 'recorder').length, 1), { timeoutMs: 5000 });
    const [call] = kernel.journal.callsFor(event.id, 'recorder');
    assert.ok(call.at >= deliverAt.getTime(), `handled at ${new Date(call.at).toISOString()}, due ${deliverAt.toISOString()}`);
  });

  it('retries a handler that throws until it succeeds', async () => {
    const event = envelope(HAPPENED);
    kernel.journal.failuresLeft.set(event.id, 2);
    await kernel.dataSource.transaction((tx) => kernel.bus.publish(tx, event));
    await eventually(async () => assert.deepEqual(await effectsOf(kernel.dataSource, event.id), ['auditor', 'recorder']));
    assert.deepEqual(
      kernel.journal.callsFor(event.id, 'recorder').map((call) => call.attempt),
      [1, 2, 3],
    );
  });

  it('keeps and counts a message whose handler fails every attempt', async () => {
    const event = envelope(HAPPENED);
    kernel.journal.failuresLeft.set(event.id, 1000);
    const counted = async () => (await register.getSingleMetric('kernel_handler_failures_total')!.get()).values.find((v) => v.labels.actor === 'recorder')?.value ?? 0;
    const before = await counted();
    await kernel.dataSource.transaction((tx) => kernel.bus.publish(tx, event));
    const mailbox = kernel.module.get(Mailboxes).get('recorder');
    await eventually(async () => {
      const failed = await mailbox.getFailed();
      assert.ok(failed.some((job) => job.data.messages.some((message) => message.id === event.id)), 'kept in the failed set');
    }, { timeoutMs: 15_000 });
    assert.equal(kernel.journal.callsFor(event.id, 'recorder').length, 5, 'every attempt was made');
    assert.equal(await counted(), before + 1);
    assert.deepEqual(await effectsOf(kernel.dataSource, event.id), ['auditor'], 'the other actor is not held back');
  });

  it('hands a batch handler many messages per call, each taking effect once', async () => {
    const batcher = kernel.module.get(Batcher);
    await kernel.relay.stop();
    const events = Array.from({ length: 60 }, () => envelope(BATCHED));
    await kernel.dataSource.transaction((tx) => kernel.bus.publish(tx, ...events, ...events.slice(0, 10)));
    kernel.relay.start();
    await eventually(async () => {
      const [{ count }] = await kernel.dataSource.query(`SELECT count(*)::int AS count FROM effects WHERE actor = 'batcher'`);
      assert.equal(count, 60);
    });
    assert.ok(batcher.batchSizes.some((size) => size > 1), `batches of ${batcher.batchSizes.join(', ')}`);
    // The ten duplicates: posted again, and already handled.
    await kernel.dataSource.transaction((tx) => kernel.bus.publish(tx, ...events.slice(0, 10)));
    await sleep(500);
    const [{ count }] = await kernel.dataSource.query(`SELECT count(*)::int AS count FROM effects WHERE actor = 'batcher'`);
    assert.equal(count, 60);
  });

  it('posts an event only to the actors whose filter lets it through', async () => {
    const quiet = { ...envelope(HAPPENED), payload: { quiet: true } };
    await kernel.dataSource.transaction((tx) => kernel.bus.publish(tx, quiet));
    await eventually(async () => assert.deepEqual(await effectsOf(kernel.dataSource, quiet.id), ['recorder']));
    const auditorMailbox = await kernel.module.get(Mailboxes).get('auditor').getJobs(['waiting', 'active', 'completed', 'failed', 'delayed']);
    assert.equal(auditorMailbox.some((job) => job?.data.messages.some((message) => message.id === quiet.id)), false);
    assert.equal(kernel.journal.callsFor(quiet.id, 'auditor').length, 0);
  });

  it('forgets handled messages only once they are a week old', async () => {
    const inbox = kernel.module.get(Inbox);
    const [old, recent] = [crypto.randomUUID(), crypto.randomUUID()];
    await kernel.dataSource.query(`INSERT INTO inbox (message_id, actor, handled_at) VALUES ($1, 'recorder', now() - interval '8 days'), ($2, 'recorder', now() - interval '6 days')`, [old, recent]);
    await kernel.module.get(InboxPruner).prune();
    assert.equal(await inbox.wasHandled(old, 'recorder'), false);
    assert.equal(await inbox.wasHandled(recent, 'recorder'), true);
  });

  it('refuses to publish outside a transaction', async () => {
    await assert.rejects(kernel.bus.publish(kernel.dataSource.manager, envelope(HAPPENED)), /open transaction/);
  });
});
