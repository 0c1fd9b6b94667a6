import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { DataSource } from 'typeorm';
import { EventBus } from '../../libs/kernel/index.js';
import type { DeliveryTrigger } from '../../src/domain/document.js';
import { createEvent, type DomainEvent } from '../../src/domain/events.js';
import { eventually } from '../support/eventually.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';

interface Registration {
  id: string;
  clientId: string;
  apiKey: string;
}

/**
 * Hook health driven by delivery events published straight onto the app's event bus, as the
 * Delivery module would; the status is observed through the registrations API.
 */
describe('hook health: suspension, restart and restoration', () => {
  const env = new TestEnvironment();
  let service: TestService;

  before(async () => {
    service = await TestService.start(env, { SUSPEND_AFTER: '2' });
  });

  after(async () => {
    await service.stop();
    await env.destroy();
  });

  async function registerDataHook(): Promise<Registration> {
    const created = await service.request('POST', '/v1/clients', {
      body: { name: 'Acme', environments: { sandbox: { dataWebhookUrl: 'https://acme.example/data' } } },
      headers: OPERATOR,
    });
    assert.equal(created.status, 201);
    return { id: created.body.hooks[0].id, clientId: created.body.id, apiKey: created.body.apiKey };
  }

  /** Each event in turn, in one transaction. */
  async function publish(...events: DomainEvent[]): Promise<void> {
    const bus = service.app.get(EventBus);
    await service.app.get(DataSource).transaction(async (tx) => {
      for (const event of events) await bus.publish(tx, event);
    });
  }

  const hookFacts = (hook: Registration) => ({ hookId: hook.id, clientId: hook.clientId, environment: 'sandbox' as const });
  const document = () => ({ documentId: randomUUID(), kind: 'event' as const, type: 'workout', userId: 'user-1' });

  const exhausted = (hook: Registration, reason: 'retries_exhausted' | 'hook_suspended' | 'gone' = 'retries_exhausted', documents = 1) =>
    createEvent('delivery.exhausted', { ...hookFacts(hook), documents: Array.from({ length: documents }, () => ({ ...document(), attempts: 4, reason })) });

  const failed = (hook: Registration, trigger: DeliveryTrigger) =>
    createEvent('delivery.failed', {
      ...hookFacts(hook),
      documents: [
        {
          ...document(),
          attempt: 1,
          trigger,
          deliveryId: randomUUID(),
          responseStatus: 500,
          error: null,
          nextAttemptNumber: 2,
          nextAttemptAt: new Date(Date.now() + 60_000).toISOString(),
        },
      ],
    });

  const succeeded = (hook: Registration, trigger: DeliveryTrigger) =>
    createEvent('delivery.succeeded', { ...hookFacts(hook), documents: [{ ...document(), attempt: 1, trigger, deliveryId: randomUUID(), fromBucket: null }] });

  async function health(hook: Registration): Promise<string> {
    const listed = await service.request('GET', '/webhooks/v1/registrations', { headers: { authorization: `Bearer ${hook.apiKey}` } });
    assert.equal(listed.status, 200);
    const found = listed.body.find((candidate: any) => candidate.id === hook.id);
    return `${found.status} ${found.consecutiveFailures}`;
  }

  /** Resolves once the hook-health actor has handled every one of these events: their messages left its mailbox. */
  async function handled(...events: DomainEvent[]): Promise<void> {
    const ids = events.map((event) => event.id);
    await eventually(async () => {
      const [{ count }] = await service.app
        .get(DataSource)
        .query(`SELECT count(*)::int AS count FROM kernel_messages WHERE actor = 'hook-health' AND event_id = ANY($1::uuid[])`, [ids]);
      assert.equal(count, 0);
    });
  }

  const restart = (hook: Registration) =>
    service.request('POST', `/webhooks/v1/registrations/${hook.id}/restart`, { headers: { authorization: `Bearer ${hook.apiKey}` } });

  it('suspends after SUSPEND_AFTER exhausted documents, restarts, and is restored by a success', async () => {
    const hook = await registerDataHook();
    await publish(exhausted(hook));
    await eventually(async () => assert.equal(await health(hook), 'Active 1'));
    await publish(exhausted(hook));
    await eventually(async () => assert.equal(await health(hook), 'Suspended 2'));

    const restarted = await restart(hook);
    assert.equal(restarted.status, 200);
    assert.equal(restarted.body.status, 'Restarting');
    assert.equal(restarted.body.signingSecret, undefined, 'a client never sees the secret');
    assert.equal((await restart(hook)).status, 200, 'restarting twice is harmless');

    await publish(succeeded(hook, 'initial'));
    await eventually(async () => assert.equal(await health(hook), 'Active 0'));
    assert.equal((await restart(hook)).status, 409);
  });

  it('suspends a Restarting hook again when its next scheduled attempt fails', async () => {
    const hook = await registerDataHook();
    await publish(exhausted(hook));
    await publish(exhausted(hook));
    await eventually(async () => assert.equal(await health(hook), 'Suspended 2'));
    assert.equal((await restart(hook)).status, 200);

    const explicit = [failed(hook, 'redeliver'), failed(hook, 'resend')];
    for (const event of explicit) await publish(event);
    await handled(...explicit);
    assert.equal(await health(hook), 'Restarting 2', 'resends and redeliveries never suspend');

    await publish(failed(hook, 'initial'));
    await eventually(async () => assert.equal(await health(hook), 'Suspended 2'));
  });

  it('keeps a Suspended hook suspended after a successful resend, resetting its count', async () => {
    const hook = await registerDataHook();
    await publish(exhausted(hook));
    await publish(exhausted(hook));
    await eventually(async () => assert.equal(await health(hook), 'Suspended 2'));
    await publish(succeeded(hook, 'resend'));
    await eventually(async () => assert.equal(await health(hook), 'Suspended 0'));
  });

  it('counts every document of a round that exhausted', async () => {
    const hook = await registerDataHook();
    await publish(exhausted(hook, 'retries_exhausted', 2));
    await eventually(async () => assert.equal(await health(hook), 'Suspended 2'));
  });

  it('suspends at once a hook whose receiver answered 410 Gone, whatever SUSPEND_AFTER, not counting its document', async () => {
    const hook = await registerDataHook();
    await publish(createEvent('receiver.gone', hookFacts(hook)));
    await eventually(async () => assert.equal(await health(hook), 'Suspended 0'));
    const gone = exhausted(hook, 'gone');
    await publish(gone);
    await handled(gone);
    assert.equal(await health(hook), 'Suspended 0');
  });

  it('does not count documents skipped because the hook was suspended, nor a message twice', async () => {
    const hook = await registerDataHook();
    const once = exhausted(hook);
    const skipped = exhausted(hook, 'hook_suspended');
    // Twice before it can be handled: the mailbox keeps one message of it.
    await publish(once, once);
    await publish(skipped);
    await handled(once, skipped);
    assert.equal(await health(hook), 'Active 1');
  });
});
