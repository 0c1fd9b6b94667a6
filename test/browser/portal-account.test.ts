import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { eventually } from '../support/eventually.js';
import { browserTest, PHONE } from './browser.js';
import { PortalWorld } from './portal-world.js';

describe('portal in a browser: signing in, notifications and hooks', () => {
  let world: PortalWorld;

  before(async () => {
    world = await PortalWorld.start({ SUSPEND_AFTER: '1' });
  });

  after(async () => {
    await world?.stop();
  });

  browserTest('a wrong key is refused in plain words and not kept', () => world.browser, async (page) => {
    const portal = world.portal(page);
    await portal.open();
    await page.getByLabel('API key').fill('whk_not-a-real-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').getByText('That API key was not accepted.').waitFor();
    assert.equal(await portal.storedKeys(), 0);
    assert.equal(await page.getByRole('navigation').count(), 0, 'still signed out');

    await page.getByLabel('API key').fill(world.client.apiKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { level: 1, name: 'Hooks' }).waitFor();
    assert.ok(!page.url().includes(world.client.apiKey), 'the key is never in the URL');
  });

  browserTest('switches a notification category off with the keyboard alone, and the API reads it back', () => world.browser, async (page) => {
    const portal = world.portal(page);
    await page.goto(`${world.service.url}/portal`);
    await page.locator('#api-key:focus').waitFor(); // the key field has the focus
    await page.keyboard.type(world.client.apiKey);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Hooks' }).waitFor();
    await portal.tabTo('Notifications');
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await page.getByText('the storage of rejected documents are unaffected').waitFor();

    const sandbox = page.getByRole('group', { name: 'sandbox' });
    await sandbox.getByRole('switch', { name: 'Rejected information' }).waitFor();
    await portal.tabTo('Rejected information');
    await page.keyboard.press('Space');
    await sandbox.getByText('Saved: rejected information notifications are off in sandbox.').waitFor();

    const read = async (where: string) => (await world.service.request('GET', `/v1/preferences?environment=${where}`, { headers: world.client.headers })).body;
    assert.deepEqual((await read('sandbox')).notifications, { user_management: true, extraction_failures: true, rejected_information: false });
    assert.equal((await read('production')).notifications.rejected_information, true, 'the other environment is unchanged');
    await page.reload();
    assert.equal(await sandbox.getByRole('switch', { name: 'Rejected information' }).isChecked(), false, 'the page reads it back too');
  });

  browserTest('restarts a suspended hook', () => world.browser, async (page) => {
    await world.rejectedDocuments('production', 1);
    const hookStatus = async () => {
      const hooks = (await world.service.request('GET', '/webhooks/v1/registrations', { headers: world.client.headers })).body;
      return hooks.find((hook: { kind: string; environment: string }) => hook.kind === 'data' && hook.environment === 'production').status;
    };
    await eventually(async () => assert.equal(await hookStatus(), 'Suspended'));

    const portal = world.portal(page);
    await portal.signIn(world.client.apiKey);
    const card = page.getByRole('listitem', { name: 'production data hook' });
    await card.getByText('Suspended', { exact: true }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Restart sandbox data hook' }).count(), 0, 'an active hook offers no restart');
    await card.getByRole('button', { name: 'Restart production data hook' }).click();
    await card.getByText('Restarting: the next accepted delivery makes this hook Active again.').waitFor();
    await card.getByText('Restarting', { exact: true }).waitFor();
    assert.equal(await hookStatus(), 'Restarting');
  });

  browserTest('every page fits a phone-sized screen', () => world.browser, async (page) => {
    await page.setViewportSize(PHONE);
    const portal = world.portal(page);
    await portal.signIn(world.client.apiKey);
    for (const title of ['Hooks', 'Events', 'Rejected', 'Notifications'] as const) {
      await portal.goTo(title);
      await page.waitForLoadState('networkidle');
      const overflow = await portal.sidewaysOverflow();
      assert.ok(overflow <= 0, `${title} scrolls sideways by ${overflow} px`);
    }
  });
});
