// The service on the HTTP layer it had before it moved to Fastify (commit 5cedd3b): Express and body-parser, the same
// middleware in the same order. Kept only so that `npm run bench:http` measures both layers on the same machine in the
// same run; the service itself runs on Fastify (src/main.ts). Guards, pipe, filter, controllers and the rest are shared.
import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { HttpAdapterHost } from '@nestjs/core';
import { ExpressAdapter, type NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Logger } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { AppModule } from '../../src/app.module.js';
import { loadConfig } from '../../src/config/load-config.js';
import { MAX_BODY_DEPTH, nestedDeeperThan } from '../../src/infrastructure/http/body-depth.js';
import { ErrorFilter } from '../../src/infrastructure/http/error.filter.js';
import { createOpenApiDocument } from '../../src/infrastructure/http/openapi/openapi-document.js';
import { RequestValidationPipe } from '../../src/infrastructure/http/request-validation.pipe.js';
import { JsonLogger } from '../../src/infrastructure/logging/json-logger.js';
import { REQUEST_ID_HEADER, requestIdOf, withRequestId } from '../../src/infrastructure/logging/request-context.js';

const MAX_BATCH_BYTES = 64 * 1024 * 1024;
const UNLOGGED_PATHS = /^\/(health|metrics)(\/|$)/;
const accessLog = new Logger('HTTP');

const config = loadConfig();
const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), new ExpressAdapter(), {
  bodyParser: false,
  logger: new JsonLogger(config.logLevel),
});
app.enableShutdownHooks();
app.use(assignRequestId);
if (!config.runsApi) app.use(onlyOperationalRoutes);
app.use('/v1/documents/batch', express.json({ limit: MAX_BATCH_BYTES }));
app.use(express.json({ limit: config.maxDocumentBytes + 16 * 1024 }));
app.use(refuseDeepBodies);
app.use(enterRequestContext);
app.useGlobalPipes(new RequestValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, forbidUnknownValues: true }));
app.useGlobalFilters(new ErrorFilter(app.get(HttpAdapterHost).httpAdapter));
SwaggerModule.setup('docs', app, () => createOpenApiDocument(app));
if (config.runsApi) {
  // Where the queue dashboard and the portal were mounted: layers every other request passed by.
  app.use('/admin/queues', (_request: Request, response: Response) => response.status(404).end());
  app.use('/portal', express.Router());
}
await app.listen(config.port, '0.0.0.0');

function assignRequestId(request: Request, response: Response, next: NextFunction): void {
  const id = requestIdOf(request);
  response.setHeader(REQUEST_ID_HEADER, id);
  const path = request.path;
  if (!UNLOGGED_PATHS.test(path)) {
    const started = performance.now();
    response.once('finish', () =>
      withRequestId(id, () => accessLog.log(`${request.method} ${path} ${response.statusCode} ${Math.round(performance.now() - started)} ms`)),
    );
  }
  withRequestId(id, next);
}

function enterRequestContext(_request: Request, response: Response, next: NextFunction): void {
  withRequestId(String(response.getHeader(REQUEST_ID_HEADER)), next);
}

function refuseDeepBodies(request: Request, response: Response, next: NextFunction): void {
  if (!nestedDeeperThan(request.body, MAX_BODY_DEPTH)) return next();
  response.status(400).json({ statusCode: 400, error: 'Bad Request', message: `request body is nested deeper than ${MAX_BODY_DEPTH} levels` });
}

function onlyOperationalRoutes(request: Request, response: Response, next: NextFunction): void {
  if (/^\/(health|metrics)(\/|$)/.test(request.path)) return next();
  response.status(404).json({ statusCode: 404, error: 'Not Found', message: 'this process runs workers only (ROLE=worker)' });
}
