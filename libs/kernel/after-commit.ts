import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DataSource, type EntityManager, type EntitySubscriberInterface, type TransactionCommitEvent, type TransactionRollbackEvent } from 'typeorm';

/** Where a transaction keeps what is to run once it commits. */
const AFTER_COMMIT = 'kernel:afterCommit';

/**
 * Runs `callback` once the transaction of `tx` commits (a doorbell rung for rows it wrote), never if it rolls back.
 * Commits of a savepoint (a nested transaction) do not count: the outer transaction may still roll back.
 */
export function afterCommit(tx: EntityManager, callback: () => void): void {
  const runner = tx.queryRunner;
  if (!runner?.isTransactionActive) throw new Error('afterCommit needs the EntityManager of an open transaction');
  const callbacks: (() => void)[] = runner.data?.[AFTER_COMMIT] ?? [];
  runner.data = { ...runner.data, [AFTER_COMMIT]: [...callbacks, callback] };
}

/** Runs the callbacks of `afterCommit` when TypeORM says a transaction ended. */
@Injectable()
export class CommitHooks implements EntitySubscriberInterface, OnModuleInit, OnModuleDestroy {
  constructor(private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(this);
  }

  onModuleDestroy(): void {
    const index = this.dataSource.subscribers.indexOf(this);
    if (index >= 0) this.dataSource.subscribers.splice(index, 1);
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    // TypeORM tells a savepoint's release as a commit too; the transaction is still open then.
    if (event.queryRunner.isTransactionActive) return;
    for (const callback of this.take(event)) callback();
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.take(event);
  }

  private take(event: TransactionCommitEvent | TransactionRollbackEvent): (() => void)[] {
    const callbacks: (() => void)[] = event.queryRunner.data?.[AFTER_COMMIT] ?? [];
    if (event.queryRunner.data) delete event.queryRunner.data[AFTER_COMMIT];
    return callbacks;
  }
}
