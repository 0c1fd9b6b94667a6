import type { Browser, Page } from 'playwright-core';
import { createClient, submitDocument, waitUntilStored, type CreatedClient } from '../e2e/rejected-support.js';
import { Receiver } from '../support/receiver.js';
import { TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';
import { launchBrowser } from './browser.js';
import { PortalPage } from './portal-page.js';

/**
 * What a portal test needs: the real service with retries short enough to reach the rejected bucket in well
 * under a second, a receiver behind the client's data hooks in both environments, and Chromium.
 */
export class PortalWorld {
  private constructor(
    private readonly environment: TestEnvironment,
    readonly service: TestService,
    readonly receiver: Receiver,
    readonly client: CreatedClient,
    readonly browser: Browser,
  ) {}

  static async start(overrides: Record<string, string> = {}): Promise<PortalWorld> {
    const environment = new TestEnvironment();
    const service = await TestService.start(environment, { RETRY_SCHEDULE: '100ms,200ms', ...overrides });
    const receiver = await Receiver.start();
    const client = await createClient(service, { sandbox: receiver.url, production: receiver.url });
    return new PortalWorld(environment, service, receiver, client, await launchBrowser());
  }

  portal(page: Page): PortalPage {
    return new PortalPage(page, this.service.url);
  }

  /** Documents that exhaust their retries against a failing receiver and wait in the rejected bucket. */
  async rejectedDocuments(environment: 'sandbox' | 'production', count: number, overrides: Record<string, unknown> = {}): Promise<string[]> {
    this.receiver.answer({ status: 500 });
    const ids = await Promise.all(Array.from({ length: count }, () => submitDocument(this.service, this.client.id, environment, overrides)));
    for (const id of ids) await waitUntilStored(this.service, id);
    return ids;
  }

  async stop(): Promise<void> {
    await this.browser.close();
    await this.service.stop();
    await this.receiver.close();
    await this.environment.destroy();
  }
}
