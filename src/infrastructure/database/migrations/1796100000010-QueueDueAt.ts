import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * `delivery_queue.next_attempt_at` also schedules storage (an exhausted document is due for the rejected bucket),
 * so it is named for both: `due_at`. The queue holds Pending documents only and is not partitioned: the rename
 * changes the catalog only (no rewrite; its index follows). Processes of the previous version fail their statements
 * on the queue from then on: stop them first (README, Upgrading). Hand-written.
 */
export class QueueDueAt1796100000010 implements MigrationInterface {
    name = 'QueueDueAt1796100000010'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "delivery_queue" RENAME COLUMN "next_attempt_at" TO "due_at"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "delivery_queue" RENAME COLUMN "due_at" TO "next_attempt_at"`);
    }
}
