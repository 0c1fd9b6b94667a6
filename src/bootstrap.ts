import { NestFactory } from '@nestjs/core';
import { Logger, type NestApplicationOptions } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { configureApp } from './infrastructure/http/configure-app.js';
import { JsonLogger } from './infrastructure/logging/json-logger.js';
import { mountQueuesDashboard } from './modules/admin/queues-dashboard.js';
import { mountPortal } from './modules/portal/mount-portal.js';

/** Builds, configures and starts the service; used by main.ts and by the tests alike. */
export async function startService(config: AppConfig, options: NestApplicationOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bodyParser: false,
    logger: new JsonLogger(config.logLevel),
    ...options,
  });
  announceCredentialsFile(config);
  configureApp(app, config);
  if (config.runsApi) {
    mountQueuesDashboard(app);
    mountPortal(app);
  }
  await app.listen(config.port, '0.0.0.0');
  return app;
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
