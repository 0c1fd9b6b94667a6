import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { openApiJson } from '../../src/infrastructure/http/openapi/openapi-document.js';
import { routesOf } from '../support/routes.js';
import { TestService } from '../support/service.js';
import { TestEnvironment } from '../support/test-environment.js';

/** Operations anyone may call (API.md "Who calls what"): every other one names its credentials. */
const PUBLIC = new Set(['GET /health/live', 'GET /health/ready', 'GET /metrics']);
/** The dashboard's sign-in takes the operator token in its body and sets a cookie: no bearer scheme to name. */
const SIGN_IN = new Set(['POST /admin/login', 'POST /admin/logout']);
/** The document's own routes (the Swagger UI and the JSON and YAML it reads) are not operations of the API. */
const SELF = /^GET \/docs(\/|-json$|-yaml$|$)/;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

type Operation = {
  summary?: string;
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { examples?: object }> };
  responses: Record<string, { content?: Record<string, { schema?: { example?: unknown } }> }>;
};

/** Every route the running app serves, read off its route table: method and OpenAPI-style path. */
function servedRoutes(service: TestService): string[] {
  return routesOf(service.app).map((route) => `${route.method} ${route.path.replace(/:(\w+)/g, '{$1}')}`);
}

describe('OpenAPI: /docs documents every route', () => {
  const environment = new TestEnvironment();
  let service: TestService;
  let document: { paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>; components: { securitySchemes: object } };

  before(async () => {
    service = await TestService.start(environment);
    const response = await service.request('GET', '/docs-json');
    assert.equal(response.status, 200);
    document = response.body;
  });

  after(async () => {
    await service.stop();
    await environment.destroy();
  });

  const operations = () =>
    Object.entries(document.paths).flatMap(([path, item]) =>
      METHODS.filter((method) => item[method]).map((method) => ({ route: `${method.toUpperCase()} ${path}`, operation: item[method]! })),
    );

  it('lists every route the running app serves', () => {
    const served = servedRoutes(service);
    assert.ok(served.length >= 20, `found only ${served.length} routes: is the router walked correctly?`);
    const documented = new Set(operations().map(({ route }) => route));
    assert.deepEqual(served.filter((route) => !SELF.test(route) && !documented.has(route)), [], 'served but missing from the OpenAPI document');
  });

  it('names the three bearer credentials and which routes take each', () => {
    assert.deepEqual(Object.keys(document.components.securitySchemes).sort(), ['client', 'operator', 'producer']);
    for (const { route, operation } of operations()) {
      if (PUBLIC.has(route) || SIGN_IN.has(route)) {
        assert.equal(operation.security, undefined, `${route} names no bearer scheme`);
        continue;
      }
      assert.ok(operation.security?.some((requirement) => 'operator' in requirement), `${route} takes the operator token`);
      assert.ok(operation.responses['401'], `${route} documents its 401`);
    }
  });

  it('gives each operation a summary, an example answer, its error codes and a request example', () => {
    for (const { route, operation } of operations()) {
      assert.ok(operation.summary, `${route} has a summary`);
      const success = Object.entries(operation.responses).find(([status]) => status.startsWith('2'));
      assert.ok(success, `${route} documents its success`);
      const [status, answer] = success;
      if (status !== '204') {
        const example = Object.values(answer.content ?? {})[0]?.schema?.example;
        assert.notEqual(example, undefined, `${route} has an example answer`);
      }
      if (!PUBLIC.has(route)) assert.ok(Object.keys(operation.responses).some((code) => code.startsWith('4')), `${route} documents its 4xx`);
      if (operation.requestBody) assert.ok(operation.requestBody.content['application/json']?.examples, `${route} has a request example`);
    }
  });

  it('matches the committed openapi.json (run `npm run openapi` after changing a route)', async () => {
    const committed = await readFile('openapi.json', 'utf8');
    assert.equal(committed, openApiJson(document as never), 'openapi.json is stale: run npm run openapi and commit it');
  });
});
