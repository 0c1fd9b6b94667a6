import { NestFactory } from '@nestjs/core';
import { Logger, type NestApplicationOptions } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { configureApp, createHttpAdapter } from './infrastructure/http/configure-app.js';
import { JsonLogger } from './infrastructure/logging/json-logger.js';
import { isTracing } from './infrastructure/telemetry/tracing.js';
import { mountQueuesDashboard } from './modules/admin/queues-dashboard.js';
import { mountPortal } from './modules/portal/mount-portal.js';

/** Builds, configures and starts the service; used by main.ts and by the tests alike. */
export async function startService(config: AppConfig, options: NestApplicationOptions = {}): Promise<NestFastifyApplication> {
  const app = await createService(config, options);
  await app.listen(config.port, '0.0.0.0');
  return app;
}

/** The configured service before it listens: its routes are registered by `listen`. */
export async function createService(config: AppConfig, options: NestApplicationOptions = {}): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(config), createHttpAdapter(config), {
    bodyParser: false,
    logger: new JsonLogger(config.logLevel),
    ...options,
  });
  announceCredentialsFile(config);
  announceTracing(config);
  configureApp(app, config);
  if (config.runsApi) {
    mountQueuesDashboard(app);
    mountPortal(app);
  }
  return app;
}

/** Whether spans are exported; an endpoint set without the preload that starts the SDK is a mistake worth a warning. */
function announceTracing(config: AppConfig): void {
  const logger = new Logger('Tracing');
  if (isTracing()) logger.log('tracing on: spans are exported over OTLP (OTEL_* variables)');
  else if (config.tracing.enabled) logger.warn('an OTLP endpoint is set but tracing is off: start the service with --import ./dist/src/telemetry.js (as npm start does)');
}

/** Where the development tokens are: the path only, never a token. */
function announceCredentialsFile(config: AppConfig): void {
  const file = config.credentialsFile;
  if (!file) return;
  const logger = new Logger('Credentials');
  const where = file.generated ? `generated into ${file.path}` : `read from ${file.path}`;
  logger.log(`ADMIN_TOKEN or PRODUCER_TOKEN unset: the operator and producer tokens are ${where}`);
  if (file.readableByOthers) logger.warn(`${file.path} is readable by other users: chmod 600 it`);
}
