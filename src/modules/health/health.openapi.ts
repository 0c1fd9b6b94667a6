import { applyDecorators } from '@nestjs/common';
import { ApiProduces, ApiResponse } from '@nestjs/swagger';
import { ApiRoute } from '../../infrastructure/http/openapi/api-docs.js';

/** OpenAPI of the operational routes: public, served by every process whatever its ROLE. */

const UP = { status: 'up' };

export const DocLive = () =>
  ApiRoute({
    summary: 'The process is up and serving HTTP',
    description: 'Public. In @nestjs/terminus format.',
    status: 200,
    answers: 'up',
    example: { status: 'ok', info: {}, error: {}, details: {} },
    errors: {},
  });

export const DocReady = () =>
  applyDecorators(
    ApiRoute({
      summary: 'The process can do its job',
      description:
        'Public. In @nestjs/terminus format: PostgreSQL, Redis and S3 each named, with its state. Ready when what this process needs answers: an API process (`ROLE=api`) needs PostgreSQL only, since ingest needs nothing else; a worker or `all` process needs PostgreSQL and Redis. A dependency this process does not need may be down in `error` while it is ready.',
      status: 200,
      answers: 'ready',
      example: { status: 'ok', info: { postgresql: UP, redis: UP, s3: UP }, error: {}, details: { postgresql: UP, redis: UP, s3: UP } },
      errors: {},
    }),
    ApiResponse({
      status: 503,
      description: 'a dependency this process needs is down: it is named, with a generic message',
      schema: { type: 'object', example: { status: 'error', info: { postgresql: UP, s3: UP }, error: { redis: { status: 'down', message: 'redis did not answer' } }, details: {} } },
    }),
  );

export const DocMetrics = () =>
  applyDecorators(
    ApiProduces('text/plain'),
    ApiRoute({
      summary: 'Prometheus metrics',
      description: 'Public, in the Prometheus text format. Answers while PostgreSQL or Redis is down.',
      status: 200,
      answers: 'the metrics',
      example: '# HELP kernel_outbox_backlog Events in the outbox not yet relayed\n# TYPE kernel_outbox_backlog gauge\nkernel_outbox_backlog 0\n',
      errors: {},
    }),
  );
