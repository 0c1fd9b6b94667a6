// npm run bench:steps: CPU per call of the steps every POST /v1/documents goes through in the HTTP layer, each alone
// in this process, many times over: the validation pipe on a document, the producer token check, and the access log
// line written to /dev/null at the default LOG_LEVEL. CPU time (process.cpuUsage), so other processes on the machine
// change it far less than they change a whole request's.
import 'reflect-metadata';
import { openSync, writeSync } from 'node:fs';
import { Logger, type ArgumentMetadata } from '@nestjs/common';
import { loadConfig } from '../../src/config/load-config.js';
import { RequestValidationPipe } from '../../src/infrastructure/http/request-validation.pipe.js';
import { staffRole } from '../../src/infrastructure/http/staff-tokens.js';
import { JsonLogger } from '../../src/infrastructure/logging/json-logger.js';
import { withRequestId } from '../../src/infrastructure/logging/request-context.js';
import { DocumentDto } from '../../src/modules/delivery/ingest/api/document.dto.js';
import { TEST_ADMIN_TOKEN, TEST_PRODUCER_TOKEN } from '../support/test-environment.js';
import { documentFor } from './phases.js';

const CALLS = Number(process.env.BENCH_STEPS_CALLS ?? 50_000);

/** Microseconds of CPU per call of `step`, after as many calls again to warm it up. */
async function cpuPerCall(step: (i: number) => unknown): Promise<number> {
  for (let i = 0; i < CALLS; i++) await step(i);
  const before = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) await step(i);
  const { user, system } = process.cpuUsage(before);
  return (user + system) / CALLS;
}

// The pipe as configure-app sets it up; the body as JSON.parse hands it over (a fresh object each time).
const pipe = new RequestValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, forbidUnknownValues: true });
const metadata: ArgumentMetadata = { type: 'body', metatype: DocumentDto, data: '' };
const body = JSON.stringify({ ...documentFor('6d0f9a52-3c1e-4c8b-9a57-2f4e1b7d8c90', 7), id: '3f2b8c1e-5d4a-4b7e-9c1d-2a6f0e8b7c45' });

const config = loadConfig({ NODE_ENV: 'test', ADMIN_TOKEN: TEST_ADMIN_TOKEN, PRODUCER_TOKEN: TEST_PRODUCER_TOKEN });

// The access log line as the service writes it: through Nest's Logger to its JsonLogger, to standard output, here /dev/null.
const devNull = openSync('/dev/null', 'w');
const stdout = process.stdout.write.bind(process.stdout);
Logger.overrideLogger(new JsonLogger('log'));
const accessLog = new Logger('HTTP');

const results: [string, number][] = [];
results.push(['validation pipe, one document (class-transformer and class-validator)', await cpuPerCall(() => pipe.transform(JSON.parse(body), metadata))]);
results.push(['JSON.parse of that document (for scale)', await cpuPerCall(() => JSON.parse(body))]);
results.push(['producer token check (staffRole)', await cpuPerCall(() => staffRole(TEST_PRODUCER_TOKEN, config))]);
process.stdout.write = ((chunk: string) => writeSync(devNull, chunk) > 0) as typeof process.stdout.write;
results.push(['access log line, written', await cpuPerCall((i) => withRequestId(`request-${i}`, () => accessLog.log(`POST /v1/documents 202 ${i % 9} ms`)))]);
process.stdout.write = stdout;
console.log(`node ${process.version}, ${CALLS} calls each after as many to warm up; CPU per call:`);
for (const [name, micros] of results) console.log(`  ${name.padEnd(72)} ${micros.toFixed(2).padStart(7)} µs`);
