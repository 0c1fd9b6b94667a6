import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '../../config/app-config.js';
import { ensureDatabase } from './ensure-database.js';
import { connectionUrl } from './socket-url.js';
import { Partitions } from './partitions.js';
import { RowLifetimes } from './row-lifetimes.js';
import { typeormOptions } from './typeorm-options.js';

/** PostgreSQL: the database is created when missing and migrated at start; never synchronized. Its time-partitioned tables are kept by Partitions. */
@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        const url = await connectionUrl(config.databaseUrl, config.databaseSocketDir);
        await ensureDatabase(url);
        return { ...typeormOptions(config, url), autoLoadEntities: true, retryAttempts: 3, retryDelay: 1000 };
      },
    }),
  ],
  providers: [Partitions, RowLifetimes],
  exports: [Partitions, RowLifetimes],
})
export class DatabaseModule {}
