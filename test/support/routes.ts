import { randomUUID } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';

export interface Route {
  method: string;
  /** Express pattern, e.g. `/webhooks/v1/registrations/:hookId/secret`. */
  path: string;
}

/** Every route the HTTP server serves, read from its Express route table (Nest registers each handler there). */
export function routesOf(app: NestExpressApplication): Route[] {
  type Layer = { route?: { path: string; methods: Record<string, boolean> } };
  const stack = app.getHttpAdapter().getInstance().router.stack as unknown as Layer[];
  return stack.flatMap((layer) =>
    layer.route ? Object.keys(layer.route.methods).map((method) => ({ method: method.toUpperCase(), path: layer.route!.path })) : [],
  );
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
