import { MigrationInterface, QueryRunner } from "typeorm";
import { partitionsForRows, uniqueId } from "./frozen/partition-existing-rows.js";

/**
 * The notification log and the receipts of domain events grow with traffic too: range-partitioned by time,
 * dropped whole after EVENT_RETENTION. Each partition keeps a unique index on `id`. Every row is carried over.
 * Also every other row gets a lifetime: indexes that find only what a retention pass must remove (failed kernel
 * messages, finished jobs, erasures and the records of erased users), and the table of shared gauge readings.
 * Hand-written: TypeORM does not generate partitioned tables.
 */
export class TimePartitionedNotifications1796100000001 implements MigrationInterface {
    name = 'TimePartitionedNotifications1796100000001'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "notifications" RENAME TO "notifications_unpartitioned"`);
        await queryRunner.query(`DROP INDEX IF EXISTS "notifications_client_environment_created"`);
        await queryRunner.query(`DROP INDEX IF EXISTS "notifications_client_user"`);
        await queryRunner.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL, "client_id" uuid NOT NULL, "environment" text NOT NULL, "type" text NOT NULL, "category" text NOT NULL,
            "user_id" text, "body" text NOT NULL, "status" text NOT NULL, "hook_id" uuid, "attempts" integer NOT NULL DEFAULT 0, "first_attempted_at" TIMESTAMP WITH TIME ZONE,
            "last_attempted_at" TIMESTAMP WITH TIME ZONE, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "last_response_status" integer, "last_error" text,
            "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now())
            PARTITION BY RANGE ("created_at")`);
        await queryRunner.query(`CREATE INDEX "notifications_client_user" ON "notifications" ("client_id", "user_id")`);
        await partitionsForRows(queryRunner, "notifications", "notifications_unpartitioned", "created_at", { storage: "fillfactor = 90", indexes: uniqueId });
        await queryRunner.query(`INSERT INTO "notifications" ("id", "client_id", "environment", "type", "category", "user_id", "body", "status", "hook_id", "attempts",
            "first_attempted_at", "last_attempted_at", "next_attempt_at", "last_response_status", "last_error", "created_at", "updated_at")
            SELECT "id", "client_id", "environment", "type", "category", "user_id", "body", "status", "hook_id", "attempts", "first_attempted_at", "last_attempted_at",
              "next_attempt_at", "last_response_status", "last_error", "created_at", "updated_at" FROM "notifications_unpartitioned"`);
        await queryRunner.query(`DROP TABLE "notifications_unpartitioned"`);

        await queryRunner.query(`ALTER TABLE "domain_event_receipts" RENAME TO "domain_event_receipts_unpartitioned"`);
        await queryRunner.query(`CREATE TABLE "domain_event_receipts" ("id" uuid NOT NULL, "type" text NOT NULL, "client_id" uuid NOT NULL, "environment" text NOT NULL,
            "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()) PARTITION BY RANGE ("received_at")`);
        await partitionsForRows(queryRunner, "domain_event_receipts", "domain_event_receipts_unpartitioned", "received_at", { indexes: uniqueId });
        await queryRunner.query(`INSERT INTO "domain_event_receipts" SELECT "id", "type", "client_id", "environment", "received_at" FROM "domain_event_receipts_unpartitioned"`);
        await queryRunner.query(`DROP TABLE "domain_event_receipts_unpartitioned"`);

        await queryRunner.query(`CREATE INDEX "kernel_messages_failed" ON "kernel_messages" ("failed_at") WHERE failed_at IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "resend_jobs_finished" ON "resend_jobs" ("updated_at") WHERE state IN ('completed', 'failed')`);
        await queryRunner.query(`CREATE INDEX "restore_jobs_finished" ON "restore_jobs" ("updated_at") WHERE state IN ('completed', 'failed')`);
        await queryRunner.query(`CREATE INDEX "erasures_done" ON "erasures" ("updated_at") WHERE state = 'Done'`);
        await queryRunner.query(`CREATE INDEX "notification_erasures_facts_until" ON "notification_erasures" ("facts_until")`);
        // A location an erasure looks at: found or not once looked at; the rows before this were all found.
        await queryRunner.query(`ALTER TABLE "erasure_objects" ADD "found" boolean`);
        await queryRunner.query(`UPDATE "erasure_objects" SET "found" = true`);
        await queryRunner.query(`CREATE TABLE "metric_samples" ("gauge" text NOT NULL, "readings" json NOT NULL, "read_at" TIMESTAMP WITH TIME ZONE NOT NULL,
            CONSTRAINT "metric_samples_pkey" PRIMARY KEY ("gauge"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "metric_samples"`);
        await queryRunner.query(`DELETE FROM "erasure_objects" WHERE "found" IS NOT TRUE`);
        await queryRunner.query(`ALTER TABLE "erasure_objects" DROP COLUMN "found"`);
        for (const index of ["notification_erasures_facts_until", "erasures_done", "restore_jobs_finished", "resend_jobs_finished", "kernel_messages_failed"]) {
            await queryRunner.query(`DROP INDEX "${index}"`);
        }
        await queryRunner.query(`CREATE TABLE "receipts_unpartitioned" AS SELECT * FROM "domain_event_receipts"`);
        await queryRunner.query(`DROP TABLE "domain_event_receipts"`);
        await queryRunner.query(`CREATE TABLE "domain_event_receipts" ("id" uuid NOT NULL, "type" text NOT NULL, "client_id" uuid NOT NULL, "environment" text NOT NULL,
            "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9327b7527de94516f94ae2732fb" PRIMARY KEY ("id"))`);
        await queryRunner.query(`INSERT INTO "domain_event_receipts" SELECT DISTINCT ON ("id") * FROM "receipts_unpartitioned"`);
        await queryRunner.query(`DROP TABLE "receipts_unpartitioned"`);
        await queryRunner.query(`CREATE TABLE "notifications_partitioned" AS SELECT * FROM "notifications"`);
        await queryRunner.query(`DROP TABLE "notifications"`);
        await queryRunner.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL, "client_id" uuid NOT NULL, "environment" text NOT NULL, "type" text NOT NULL, "category" text NOT NULL,
            "body" text NOT NULL, "status" text NOT NULL, "hook_id" uuid, "attempts" integer NOT NULL DEFAULT '0', "first_attempted_at" TIMESTAMP WITH TIME ZONE,
            "last_attempted_at" TIMESTAMP WITH TIME ZONE, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "last_response_status" integer, "last_error" text,
            "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "user_id" text,
            CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`INSERT INTO "notifications" ("id", "client_id", "environment", "type", "category", "body", "status", "hook_id", "attempts", "first_attempted_at",
            "last_attempted_at", "next_attempt_at", "last_response_status", "last_error", "created_at", "updated_at", "user_id")
            SELECT DISTINCT ON ("id") "id", "client_id", "environment", "type", "category", "body", "status", "hook_id", "attempts", "first_attempted_at", "last_attempted_at",
              "next_attempt_at", "last_response_status", "last_error", "created_at", "updated_at", "user_id" FROM "notifications_partitioned"`);
        await queryRunner.query(`DROP TABLE "notifications_partitioned"`);
        await queryRunner.query(`CREATE INDEX "notifications_client_environment_created" ON "notifications" ("client_id", "environment", "created_at")`);
        await queryRunner.query(`CREATE INDEX "notifications_client_user" ON "notifications" ("client_id", "user_id")`);
    }
}
