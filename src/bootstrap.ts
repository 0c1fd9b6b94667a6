import { NestFactory } from '@nestjs/core';
import type { LogLevel, NestApplicationOptions } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { configureApp } from './infrastructure/http/configure-app.js';
import { mountQueuesDashboard } from './modules/admin/queues-dashboard.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** Builds, configures and starts the service; used by main.ts and by the tests alike. */
export async function startService(config: AppConfig, options: NestApplicationOptions = {}): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(config), {
    bodyParser: false,
    logger: LEVELS.slice(0, LEVELS.indexOf(config.logLevel) + 1),
    ...options,
  });
  configureApp(app, config);
  if (config.runsApi) mountQueuesDashboard(app);
  await app.listen(config.port, '0.0.0.0');
  return app;
}
