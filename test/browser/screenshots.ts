/**
 * `npm run screenshots`: the portal's pages as the README shows them, taken from a real service
 * with a little data (PostgreSQL and Redis must be running). Writes docs/screenshots/*.png.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { submitDocument } from '../e2e/rejected-support.js';
import { eventually } from '../support/eventually.js';
import { OPERATOR } from '../support/service.js';
import { PHONE } from './browser.js';
import { PortalWorld } from './portal-world.js';

const OUT = 'docs/screenshots';
const DESKTOP = { width: 1000, height: 760 };

const world = await PortalWorld.start({ SUSPEND_AFTER: '4' });
const { service, receiver, client } = world;
try {
  receiver.answer({ status: 200 });
  const delivered = await submitDocument(service, client.id, 'sandbox', { type: 'sleep_summary', userId: 'user-042' });
  await eventually(async () => {
    if ((await service.request('GET', `/webhooks/v1/events/${delivered}`, { headers: client.headers })).body.status !== 'Success') throw new Error('not yet');
  });
  const rejected = [
    ...(await world.rejectedDocuments('sandbox', 1, { kind: 'summary', type: 'physical_summary', userId: 'user-123' })),
    ...(await world.rejectedDocuments('sandbox', 1, { kind: 'event', type: 'heart_rate', userId: 'user-077' })),
  ];
  await world.rejectedDocuments('production', 4);
  await eventually(async () => {
    const hooks = (await service.request('GET', '/webhooks/v1/registrations', { headers: client.headers })).body;
    if (!hooks.some((hook: { status: string }) => hook.status === 'Suspended')) throw new Error('not suspended yet');
  });
  await service.request('PUT', `/v1/clients/${client.id}/hooks/sandbox/notification`, { body: { url: `${receiver.url}/notify` }, headers: OPERATOR });
  await service.request('PUT', '/v1/preferences', { body: { environment: 'sandbox', notifications: { user_management: false } }, headers: client.headers });

  const context = await world.browser.newContext({ viewport: DESKTOP, acceptDownloads: true });
  const page = await context.newPage();
  const portal = world.portal(page);
  await portal.open();
  await shoot(page, 'sign-in');
  await portal.signIn(client.apiKey);
  await shoot(page, 'hooks');
  await portal.goTo('Events');
  await page.getByLabel('Document id').fill(rejected[0]!);
  await page.getByRole('button', { name: 'Find' }).click();
  await page.getByRole('list', { name: 'Attempts, oldest first' }).first().waitFor();
  await shoot(page, 'events');
  await portal.goTo('Rejected');
  await portal.rejectedCard(rejected[0]!).waitFor();
  await shoot(page, 'rejected');
  await portal.goTo('Notifications');
  await page.getByRole('switch').first().waitFor();
  await shoot(page, 'notifications');
  await page.setViewportSize(PHONE);
  await portal.goTo('Rejected');
  await portal.rejectedCard(rejected[0]!).waitFor();
  await shoot(page, 'rejected-phone');
} finally {
  await world.stop();
}

/** What fits the window, as a person first sees it (and small files for the README). */
async function shoot(page: Page, name: string): Promise<void> {
  await mkdir(OUT, { recursive: true });
  await page.waitForLoadState('networkidle');
  const path = join(OUT, `${name}.png`);
  await page.screenshot({ path });
  process.stdout.write(`${path}\n`);
}
