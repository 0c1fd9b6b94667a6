import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

const DESCRIPTION = `Documents to each client's Data Webhook, retries, rejected buckets and notifications.

Three bearer credentials (\`Authorization: Bearer <credential>\`) reach different routes; each operation lists the ones it accepts.
A missing or wrong credential is a 401. Errors are \`{ statusCode, error, message }\` (domain errors add a stable \`code\`),
never a stack trace. Unknown JSON fields are a 400; a malformed UUID in a path is a 400; an unknown or another client's id is a 404.

Not listed as operations: \`/docs\` (this page), \`/portal\` (the client portal, a web page that calls the client routes below with the
client's API key) and \`/admin/queues\` (the queue dashboard, operator token).`;

/** The OpenAPI document of every route, as /docs serves it and `npm run openapi` writes it. */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Webhook delivery')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'Operators: the `ADMIN_TOKEN` (any of its comma-separated values). Reaches every route, and every client\'s resources (`?clientId=` where a list or a create must name the client).' },
      'operator',
    )
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'Internal producers: the `PRODUCER_TOKEN`. Reaches `POST /v1/documents`, `POST /v1/documents/batch` and `POST /v1/domain-events` only; anything else is a 403.' },
      'producer',
    )
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: "A client's API key (`whk_…`), shown once when the client is created. Reaches the client routes, for that client's own resources only: another client's is a 404." },
      'client',
    )
    .build();
  return SwaggerModule.createDocument(app, config);
}

/** The committed openapi.json's form: stable key order as generated, two-space indent, final newline. */
export function openApiJson(document: OpenAPIObject): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
