import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import express, { type NextFunction, type Request, type Response } from 'express';
import type { AppConfig } from '../../config/app-config.js';
import { assignRequestId, enterRequestContext } from '../logging/request-context.js';
import { refuseDeepBodies } from './body-depth.js';
import { ErrorFilter } from './error.filter.js';
import { createOpenApiDocument } from './openapi/openapi-document.js';
import { RequestValidationPipe } from './request-validation.pipe.js';

/** Largest batch body: the batch route checks each document against MAX_DOCUMENT_BYTES itself. */
const MAX_BATCH_BYTES = 64 * 1024 * 1024;

/** HTTP concerns shared by every route: body limits, validation, errors, OpenAPI, role. */
export function configureApp(app: INestApplication, config: AppConfig): void {
  app.enableShutdownHooks();
  app.use(assignRequestId);
  if (!config.runsApi) app.use(onlyOperationalRoutes);
  app.use('/v1/documents/batch', express.json({ limit: MAX_BATCH_BYTES }));
  // Slack for the envelope around a document's data.
  app.use(express.json({ limit: config.maxDocumentBytes + 16 * 1024 }));
  app.use(refuseDeepBodies);
  app.use(enterRequestContext);
  app.useGlobalPipes(
    new RequestValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
    }),
  );
  app.useGlobalFilters(new ErrorFilter());
  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app));
}

/** A worker process serves its health and metrics only. */
function onlyOperationalRoutes(request: Request, response: Response, next: NextFunction): void {
  if (/^\/(health|metrics)(\/|$)/.test(request.path)) return next();
  response.status(404).json({ statusCode: 404, error: 'Not Found', message: 'this process runs workers only (ROLE=worker)' });
}
