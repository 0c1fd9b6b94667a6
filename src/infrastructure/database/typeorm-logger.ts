import { Logger } from '@nestjs/common';
import { Counter } from 'prom-client';
import { AbstractLogger, type LogLevel, type LogMessage, type QueryRunner } from 'typeorm';

export const statementsSent = new Counter({
  name: 'db_statements_total',
  help: 'SQL statements sent to PostgreSQL, transaction control included (the bench divides it by documents delivered)',
});

/**
 * TypeORM's own messages (warnings, migrations) as JSON lines through Nest's logger.
 * Queries are never written: their parameters hold document bodies, secrets and keys. They are counted.
 */
export class TypeOrmLogger extends AbstractLogger {
  private readonly logger = new Logger('TypeORM');

  override logQuery(query: string, parameters?: unknown[], queryRunner?: QueryRunner): void {
    statementsSent.inc();
    super.logQuery(query, parameters, queryRunner);
  }

  protected writeLog(level: LogLevel, logMessage: LogMessage | string | number | (LogMessage | string | number)[]): void {
    for (const { type, message } of this.prepareLogMessages(logMessage)) {
      if (type?.startsWith('query') || level === 'query') continue;
      if (type === 'error' || level === 'error') this.logger.error(String(message));
      else if (type === 'warn' || level === 'warn') this.logger.warn(String(message));
      else this.logger.log(String(message));
    }
  }
}
