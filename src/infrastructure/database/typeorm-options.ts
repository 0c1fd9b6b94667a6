import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../../config/app-config.js';
import { MIGRATIONS } from './migrations/index.js';
import { TypeOrmLogger } from './typeorm-logger.js';

/** One definition of the connection, shared by the application and the migration CLI. */
/** `url`: the one to connect with, when it differs from DATABASE_URL (see connectionUrl). */
export function typeormOptions(config: AppConfig, url = config.databaseUrl): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Not 'error' nor 'query': TypeORM would log a failed query with its parameters, which may hold secrets.
    logger: new TypeOrmLogger(['warn', 'migration']),
    // A pool that cannot reach PostgreSQL fails a request (a 503) instead of holding it forever.
    extra: { max: 30, connectionTimeoutMillis: 10_000 },
  };
}
