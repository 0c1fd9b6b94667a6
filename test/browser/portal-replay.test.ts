import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { eventOf, submitDocument } from '../e2e/rejected-support.js';
import { eventually } from '../support/eventually.js';
import { browserTest } from './browser.js';
import { PortalWorld } from './portal-world.js';

/** Two days back in UTC, as a `datetime-local` value: before anything this test sends, whatever the browser's time zone. */
const TWO_DAYS_AGO = new Date(Date.now() - 2 * 86_400_000).toISOString().slice(0, 19);

describe('portal in a browser: replay', () => {
  let world: PortalWorld;

  before(async () => {
    world = await PortalWorld.start();
  });

  after(async () => {
    await world?.stop();
  });

  browserTest("replays what was delivered since a date and follows the job's progress to its end", () => world.browser, async (page) => {
    world.receiver.answer({ status: 200 });
    const ids = [];
    for (let n = 0; n < 3; n++) ids.push(await submitDocument(world.service, world.client.id, 'production'));
    for (const id of ids) await eventually(async () => assert.equal((await eventOf(world.service, id)).status, 'Success'));

    const portal = world.portal(page);
    await portal.signIn(world.client.apiKey);
    await portal.goTo('Events');
    const form = page.getByRole('region', { name: 'Replay' });
    await form.getByLabel('Environment').selectOption('production');
    await form.getByLabel('From').fill(TWO_DAYS_AGO);
    await form.getByLabel('To (now if empty)').fill('2020-01-01T00:00:00');
    await form.getByRole('button', { name: 'Replay', exact: true }).click();
    await form.getByRole('alert').getByText('The end must come after the start.').waitFor();

    // The list below, read before the replay, shows each document with its one attempt.
    const list = page.getByRole('region', { name: 'Recent documents' });
    await list.getByLabel('Environment').selectOption('production');
    const listed = list.getByRole('listitem', { name: `Document ${ids[1]}` });
    await listed.getByRole('button', { name: 'Show attempts (1)' }).waitFor();

    await form.getByLabel('To (now if empty)').fill('');
    await form.getByRole('button', { name: 'Replay', exact: true }).click();
    const progress = form.getByRole('progressbar', { name: 'Replay progress' });
    await form.getByText('3 of 3 replayed: 3 delivered, 0 not delivered, 0 skipped.').waitFor();
    assert.equal(await progress.getAttribute('max'), '3');
    assert.equal(await progress.evaluate((element) => (element as unknown as { value: number }).value), 3);
    await form.getByText('Replay finished: 3 delivered, 0 not delivered, 0 skipped, of 3.').waitFor();
    // Once the replay ended, the list is read again: the replay's attempt is there.
    await listed.getByRole('button', { name: 'Show attempts (2)' }).click();
    await listed.getByText('Replayed on request').waitFor();

    for (const id of ids) {
      assert.deepEqual((await eventOf(world.service, id)).attempts.map((attempt: { trigger: string }) => attempt.trigger), ['initial', 'replay']);
    }
    await page.getByLabel('Document id').fill(ids[0]);
    await page.getByRole('button', { name: 'Find' }).click();
    await page.getByRole('listitem', { name: `Document ${ids[0]}` }).first().getByText('Replayed on request').waitFor();
  });
});
