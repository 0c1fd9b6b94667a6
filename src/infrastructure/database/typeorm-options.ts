import type { DataSourceOptions } from 'typeorm';
import type { AppConfig } from '../../config/app-config.js';
import { MIGRATIONS } from './migrations/index.js';

/** One definition of the connection, shared by the application and the migration CLI. */
export function typeormOptions(config: AppConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.databaseUrl,
    migrations: MIGRATIONS,
    migrationsRun: true,
    migrationsTransactionMode: 'each',
    synchronize: false,
    // Not 'error': TypeORM would log a failed query with its parameters, which may hold secrets.
    logging: ['warn', 'migration'],
    extra: { max: 30 },
  };
}
