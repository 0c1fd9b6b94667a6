import { after, before } from 'node:test';
import { TestService } from './service.js';
import { TestEnvironment } from './test-environment.js';

/**
 * An API process (ROLE=api: it runs no delivery worker, so the ledger stays as a test leaves it) on a fresh
 * environment, started before the tests of the describe block that calls this and stopped, environment and all, after
 * them. Answers the running service.
 */
export function apiServiceDuringTests(): () => TestService {
  const environment = new TestEnvironment();
  let service: TestService | undefined;
  before(async () => {
    service = await TestService.start(environment, { ROLE: 'api' });
  });
  after(async () => {
    await service?.stop();
    await environment.destroy();
  });
  return () => {
    if (!service) throw new Error('the service starts in before()');
    return service;
  };
}
