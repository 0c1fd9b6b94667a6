import { HttpAdapterHost } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { SwaggerModule } from '@nestjs/swagger';
import { STATUS_CODES } from 'node:http';
import type { FastifyError, FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { AppConfig } from '../../config/app-config.js';
import { enterRequestContext, logAnswer, logRequest, pathOf, REQUEST_ID_HEADER, requestIdOf } from '../logging/request-context.js';
import { ErrorFilter } from './error.filter.js';
import { registerJsonBodies } from './json-body.js';
import { createOpenApiDocument } from './openapi/openapi-document.js';
import { RequestValidationPipe } from './request-validation.pipe.js';
import { isTracing, nameServerSpanAfterRoute } from '../telemetry/tracing.js';

/** Largest batch body: the batch route checks each document against MAX_DOCUMENT_BYTES itself. */
const MAX_BATCH_BYTES = 64 * 1024 * 1024;
const BATCH_ROUTE = '/v1/documents/batch';
/** Slack for the envelope around a document's data. */
const ENVELOPE_BYTES = 16 * 1024;

/**
 * The HTTP server: Fastify, matching paths as the service did on Express (any letter case, an optional trailing
 * slash, parameters as long as a request line allows) and keeping Node's own timeouts, which Fastify would change.
 */
export function createHttpAdapter(config: AppConfig): FastifyAdapter {
  return new FastifyAdapter({
    bodyLimit: config.maxDocumentBytes + ENVELOPE_BYTES,
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, maxParamLength: 16 * 1024 },
    genReqId: requestIdOf,
    keepAliveTimeout: 5_000,
    requestTimeout: 300_000,
    // A malformed URL is refused before any hook or filter runs: its answer gets the request id, the error shape and its log line here.
    frameworkErrors: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      const status = error.statusCode ?? 400;
      reply.raw.setHeader(REQUEST_ID_HEADER, request.id);
      reply.code(status).send({ statusCode: status, error: STATUS_CODES[status], message: error.message });
      logAnswer(request, reply);
    },
  });
}

/** HTTP concerns shared by every route: request ids and logs, body limits, validation, errors, OpenAPI, role. */
export function configureApp(app: NestFastifyApplication, config: AppConfig): void {
  app.enableShutdownHooks();
  const fastify = app.getHttpAdapter().getInstance();
  fastify.addHook('onRequest', enterRequestContext);
  fastify.addHook('onResponse', logRequest);
  if (!config.runsApi) fastify.addHook('onRequest', onlyOperationalRoutes);
  // The HTTP instrumentation sees the method only; the route is known here (tracing is started, or not, before this runs).
  if (isTracing()) fastify.addHook('onRequest', async (request) => nameServerSpanAfterRoute(request.method, request.routeOptions.url ?? pathOf(request)));
  registerJsonBodies(fastify);
  fastify.addHook('onRoute', (route) => {
    if (route.url === BATCH_ROUTE) route.bodyLimit = MAX_BATCH_BYTES;
  });
  app.useGlobalPipes(
    new RequestValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
    }),
  );
  app.useGlobalFilters(new ErrorFilter(app.get(HttpAdapterHost).httpAdapter));
  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app));
}

/** A worker process serves its health and metrics only. */
function onlyOperationalRoutes(request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void {
  if (/^\/(health|metrics)(\/|$)/.test(pathOf(request))) return done();
  reply.code(404).send({ statusCode: 404, error: 'Not Found', message: 'this process runs workers only (ROLE=worker)' });
}
