import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';
import { loadConfig } from './config/load-config.js';
import { createHttpAdapter } from './infrastructure/http/configure-app.js';
import { createOpenApiDocument, openApiJson } from './infrastructure/http/openapi/openapi-document.js';

/**
 * `npm run openapi`: writes openapi.json, the document /docs serves. Nest's preview mode reads the
 * routes without creating providers, so nothing connects to PostgreSQL, Redis or S3.
 */
const config = loadConfig({ NODE_ENV: 'development' });
const app = await NestFactory.create(AppModule.register(config), createHttpAdapter(config), { preview: true, logger: false });
writeFileSync('openapi.json', openApiJson(createOpenApiDocument(app)));
await app.close();
process.stdout.write('wrote openapi.json\n');
