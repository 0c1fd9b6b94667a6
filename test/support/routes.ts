import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { QUEUES_DASHBOARD_PATH } from '../../src/modules/admin/queues-dashboard.js';
import { PORTAL_PATH } from '../../src/modules/portal/mount-portal.js';

export interface Route {
  method: string;
  /** Route pattern, e.g. `/webhooks/v1/registrations/:hookId/secret`. */
  path: string;
}

/** Plugins of their own beside the API's routes (as they were middleware beside Express's route table): the portal's files and the queue dashboard. */
const BESIDE_THE_ROUTE_TABLE = [PORTAL_PATH, QUEUES_DASHBOARD_PATH];

/**
 * Records every route the HTTP server registers from now on (Nest registers each handler when the app starts
 * listening), as the route table to walk: the HEAD routes Fastify adds for each GET, and the plugins beside the
 * route table, left out.
 */
export function recordRoutes(app: NestFastifyApplication): void {
  const routes: Route[] = [];
  recorded.set(app, routes);
  app.getHttpAdapter().getInstance().addHook('onRoute', (route) => {
    if (BESIDE_THE_ROUTE_TABLE.includes(route.prefix)) return;
    for (const method of [route.method].flat()) if (method !== 'HEAD') routes.push({ method, path: route.url });
  });
}

const recorded = new WeakMap<NestFastifyApplication, Route[]>();

/** Every route the HTTP server serves, as recorded by `recordRoutes` before it started (TestService does). */
export function routesOf(app: NestFastifyApplication): Route[] {
  const routes = recorded.get(app);
  if (!routes) throw new Error('the routes of this app were not recorded: start it with TestService');
  return routes;
}

/** The path with each `:param` replaced by the value given for it, or by a fresh UUID. */
export function concretePath(route: Route, values: Record<string, string> = {}): string {
  return route.path.replace(/:(\w+)/g, (_, name: string) => values[name] ?? randomUUID());
}

/** Public per API.md (the portal page too, not its data): they answer any caller alike, whatever credential it sends. */
export const isPublic = (route: Route) => /^\/(docs|health|metrics|portal)([/-]|$)/.test(route.path);

/** The only endpoints a producer's token reaches. */
export const isProducerEndpoint = (route: Route) =>
  route.method === 'POST' && ['/v1/documents', '/v1/documents/batch', '/v1/domain-events'].includes(route.path);
