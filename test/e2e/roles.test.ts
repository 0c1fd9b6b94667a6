import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { Doorbells } from '../../libs/kernel/index.js';
import { eventually } from '../support/eventually.js';
import { Receiver } from '../support/receiver.js';
import { OPERATOR, TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';

describe('an API process and a worker process sharing PostgreSQL, Redis and S3', () => {
  const environment = new TestEnvironment();
  const services: TestService[] = [];
  let receiver: Receiver;

  after(async () => {
    for (const service of services) await service.stop();
    await receiver?.close();
    await environment.destroy();
  });

  it('takes documents in the API process and delivers them from the worker process', async () => {
    receiver = await Receiver.start();
    const api = await TestService.start(environment, { ROLE: 'api' });
    services.push(api);
    const client = await api.request('POST', '/v1/clients', {
      body: { name: 'Split roles', environments: { production: { dataWebhookUrl: `${receiver.url}/data` } } },
      headers: OPERATOR,
    });
    assert.equal(client.status, 201);
    const ingested = await api.request('POST', '/v1/documents', {
      body: { clientId: client.body.id, environment: 'production', kind: 'summary', type: 'sleep_summary', userId: 'user-7', data: { hours: 7.5 } },
      headers: OPERATOR,
    });
    assert.equal(ingested.status, 202);
    // The wake-up reached Redis and waits there: an API process rings doorbells, never answers them.
    await eventually(async () => assert.equal((await api.app.get(Doorbells).open('delivery').getJobCounts()).waiting, 1));
    assert.equal(receiver.requests.length, 0, 'an API process runs no actors');

    const worker = await TestService.start(environment, { ROLE: 'worker' });
    services.push(worker);
    const [delivered] = await receiver.waitForRequests(1);
    assert.equal(delivered.json.id, ingested.body.id);
    await eventually(async () => {
      const event = await api.request('GET', `/webhooks/v1/events/${ingested.body.id}`, { headers: OPERATOR });
      assert.equal(event.body.status, 'Success');
    });

    assert.equal((await worker.request('GET', '/health/ready')).status, 200);
    assert.equal((await worker.request('GET', `/webhooks/v1/events/${ingested.body.id}`, { headers: OPERATOR })).status, 404, 'a worker serves no API');
    assert.equal((await worker.request('GET', '/portal')).status, 404, 'nor the portal');
    assert.equal((await api.request('GET', '/portal')).status, 200);
  });
});
