import type { AddressInfo } from 'node:net';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createService } from '../../src/bootstrap.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { recordRoutes } from './routes.js';
import { TEST_ADMIN_TOKEN, TEST_PRODUCER_TOKEN, TestEnvironment } from './test-environment.js';

export const OPERATOR = { authorization: `Bearer ${TEST_ADMIN_TOKEN}` };
export const PRODUCER = { authorization: `Bearer ${TEST_PRODUCER_TOKEN}` };

/** The real service on a loopback port, against the real PostgreSQL, Redis and embedded S3. */
export class TestService {
  private constructor(
    readonly app: NestFastifyApplication,
    readonly config: AppConfig,
    readonly url: string,
  ) {}

  static async start(environment: TestEnvironment, overrides: Record<string, string> = {}): Promise<TestService> {
    const config = environment.config(overrides);
    const app = await createService(config);
    recordRoutes(app);
    await app.listen(config.port, '0.0.0.0');
    const { port } = app.getHttpServer().address() as AddressInfo;
    return new TestService(app, config, `http://127.0.0.1:${port}`);
  }

  /** JSON request helper: returns the status and the parsed body. */
  async request(method: string, path: string, options: { body?: unknown; headers?: Record<string, string> } = {}) {
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers: { ...(options.body === undefined ? {} : { 'content-type': 'application/json' }), ...options.headers },
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: any = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: response.status, body, headers: response.headers };
  }

  async stop(): Promise<void> {
    await this.app.close();
  }
}
