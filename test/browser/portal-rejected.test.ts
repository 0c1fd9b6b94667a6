import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe } from 'node:test';
import { eventually } from '../support/eventually.js';
import { listRejected } from '../e2e/rejected-support.js';
import { browserTest } from './browser.js';
import { PortalWorld } from './portal-world.js';

describe('portal in a browser: rejected documents', () => {
  let world: PortalWorld;

  before(async () => {
    world = await PortalWorld.start({ SUSPEND_AFTER: '0' });
  });

  after(async () => {
    await world?.stop();
  });

  browserTest('finds a rejected document, downloads it, resends it and sees it leave the list', () => world.browser, async (page) => {
    const [resent, kept] = await world.rejectedDocuments('sandbox', 2);
    const portal = world.portal(page);
    await portal.signIn(world.client.apiKey);

    await portal.goTo('Events');
    await page.getByLabel('Document id').fill(resent);
    await page.getByRole('button', { name: 'Find' }).click();
    const found = page.getByRole('listitem', { name: `Document ${resent}` }).first();
    await found.getByText('waiting in the rejected bucket until').waitFor();
    const timeline = found.getByRole('list', { name: 'Attempts, oldest first' });
    // The timeline may render after the status line: wait for its third attempt before reading it.
    await timeline.getByRole('listitem').nth(2).waitFor();
    assert.deepEqual(
      (await timeline.getByRole('listitem').allTextContents()).map((text) => text.split(' ').slice(0, 2).join(' ')),
      ['First attempt', 'Scheduled retry', 'Scheduled retry'],
    );
    assert.match((await timeline.getByRole('listitem').first().textContent()) ?? '', /Answered 500 in \d+ ms — unaccepted_status/);

    await portal.goTo('Rejected');
    const card = portal.rejectedCard(resent);
    await card.getByText('Expires').waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), card.getByRole('button', { name: 'Download JSON' }).click()]);
    assert.equal(download.suggestedFilename(), `${resent}.json`);
    const body = JSON.parse(await readFile((await download.path())!, 'utf8'));
    assert.equal(body.id, resent);
    assert.deepEqual(body.data, { steps: 4321, day: '2026-01-10' }, 'the document as it is delivered');

    world.receiver.answer({ status: 200 });
    await card.getByRole('button', { name: 'Resend' }).click();
    await page.getByText(`Delivered ${resent}: your endpoint answered 200`).waitFor();
    await card.waitFor({ state: 'detached' });
    assert.ok(await portal.rejectedCard(kept).isVisible(), 'the other document still waits');
    const waiting = (await listRejected(world.service, world.client.headers, '?environment=sandbox')).items.map((item) => item.id);
    assert.ok(!waiting.includes(resent) && waiting.includes(kept), 'the API agrees');
  });

  browserTest('says in plain words when a resend is not accepted, and keeps the document', () => world.browser, async (page) => {
    const [id] = await world.rejectedDocuments('sandbox', 1);
    const portal = world.portal(page);
    await portal.signIn(world.client.apiKey);
    await portal.goTo('Rejected');
    const card = portal.rejectedCard(id);
    await card.getByRole('button', { name: 'Resend' }).click();
    await card.getByRole('alert').getByText('Not delivered: your endpoint answered 500. The document stays here until').waitFor();
    assert.ok(await card.isVisible());
    assert.ok((await listRejected(world.service, world.client.headers)).items.some((item) => item.id === id));
  });

  browserTest("follows a bulk resend's progress to its total", () => world.browser, async (page) => {
    const ids = await world.rejectedDocuments('production', 5);
    const portal = world.portal(page);
    await portal.signIn(world.client.apiKey);
    await portal.goTo('Rejected');
    await page.getByLabel('Environment').selectOption('production');
    for (const id of ids) await portal.rejectedCard(id).waitFor();

    world.receiver.answer({ status: 200 });
    await page.getByRole('button', { name: 'Resend all waiting in production' }).click();
    const progress = page.getByRole('progressbar', { name: 'Bulk resend progress' });
    await page.getByText('5 of 5 resent: 5 delivered, 0 not delivered.').waitFor();
    assert.equal(await progress.getAttribute('max'), '5');
    assert.equal(await progress.evaluate((element) => (element as unknown as { value: number }).value), 5);
    await page.getByText('Bulk resend finished: 5 delivered, 0 not delivered, of 5.').waitFor();
    await page.getByText('No rejected documents are waiting in production.').waitFor();
    await eventually(async () => assert.deepEqual((await listRejected(world.service, world.client.headers, '?environment=production')).items, []));
  });
});
