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
      summary: 'PostgreSQL, Redis and S3 all answer',
      description: 'Public. In @nestjs/terminus format: each dependency named, with its state.',
      status: 200,
      answers: 'ready',
      example: { status: 'ok', info: { postgres: UP, redis: UP, s3: UP }, error: {}, details: { postgres: UP, redis: UP, s3: UP } },
      errors: {},
    }),
    ApiResponse({
      status: 503,
      description: 'a dependency is down: it is named, with a generic message',
      schema: { type: 'object', example: { status: 'error', info: { postgres: UP, s3: UP }, error: { redis: { status: 'down', message: 'unavailable' } }, details: {} } },
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
