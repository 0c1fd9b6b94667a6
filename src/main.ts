import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { startService } from './bootstrap.js';
import { ConfigurationError, loadConfig } from './config/load-config.js';

async function main(): Promise<void> {
  // Node's own warnings (deprecations, a library's notices) as log lines like any other, not as text on stderr.
  process.removeAllListeners('warning');
  process.on('warning', (warning) => new Logger('Node').warn(`${warning.name}: ${warning.message.replaceAll('\n', ' ')}`));
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (!(error instanceof ConfigurationError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
  const started = Date.now();
  const app = await startService(config);
  new Logger('Main').log(`ready on port ${config.port} as ROLE=${config.role} in ${Date.now() - started} ms`);
  await app.getUrl();
}

main().catch((error: Error) => {
  new Logger('Main').fatal(`could not start: ${error.message}`);
  process.exit(1);
});
