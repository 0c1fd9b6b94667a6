import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Retention of delivered bodies, the archive and its restores, erasures. Generated, then edited: notifications
 * recorded before name their user in their body only, which fills the new column.
 */
export class DataStewardship1796040413816 implements MigrationInterface {
    name = 'DataStewardship1796040413816'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "erasure_objects" ("erasure_id" uuid NOT NULL, "bucket" text NOT NULL, "key" text NOT NULL, CONSTRAINT "PK_badac14327f61a96a8252aa8c44" PRIMARY KEY ("erasure_id", "bucket", "key"))`);
        await queryRunner.query(`CREATE TABLE "erasures" ("id" uuid NOT NULL, "client_id" uuid NOT NULL, "user_id" text NOT NULL, "state" text NOT NULL, "step" text NOT NULL, "facts_until" TIMESTAMP WITH TIME ZONE, "held_until" TIMESTAMP WITH TIME ZONE, "documents" integer, "objects" integer, "notifications" integer, "runs" integer NOT NULL DEFAULT '0', "lease_until" TIMESTAMP WITH TIME ZONE, "lease_owner" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_4f2c0a9f8284d4e1906cb029caf" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "erasures_running" ON "erasures"  ("created_at") WHERE state = 'Running'`);
        await queryRunner.query(`CREATE TABLE "notification_erasures" ("erasure_id" uuid NOT NULL, "client_id" uuid NOT NULL, "user_hash" text NOT NULL, "facts_until" TIMESTAMP WITH TIME ZONE NOT NULL, "removed" integer NOT NULL, CONSTRAINT "PK_f9d2b382f13189c291db58cadce" PRIMARY KEY ("erasure_id"))`);
        await queryRunner.query(`CREATE INDEX "notification_erasures_user" ON "notification_erasures"  ("client_id", "user_hash") `);
        await queryRunner.query(`CREATE TABLE "restore_job_items" ("job_id" uuid NOT NULL, "document_id" uuid NOT NULL, "key" text NOT NULL, "outcome" text, CONSTRAINT "PK_151cd2a8fc7d99c08c36874424c" PRIMARY KEY ("job_id", "document_id"))`);
        await queryRunner.query(`CREATE TABLE "restore_jobs" ("id" uuid NOT NULL, "client_id" uuid NOT NULL, "environment" text NOT NULL, "state" text NOT NULL, "total" integer NOT NULL, "restored" integer NOT NULL DEFAULT '0', "failed" integer NOT NULL DEFAULT '0', "runs" integer NOT NULL DEFAULT '0', "lease_until" TIMESTAMP WITH TIME ZONE, "lease_owner" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c315e48b7f0d319fc3ca3c8336c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "restore_jobs_unfinished" ON "restore_jobs"  ("created_at") WHERE state IN ('queued', 'running')`);
        await queryRunner.query(`ALTER TABLE "documents" ADD "first_stored_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "notifications" ADD "user_id" text`);
        await queryRunner.query(`UPDATE "notifications" SET "user_id" = ("body"::jsonb) -> 'data' ->> 'user_id'`);
        await queryRunner.query(`CREATE INDEX "documents_archive_retention" ON "documents"  ("expired_at") WHERE status = 'Failed' AND archived`);
        await queryRunner.query(`CREATE INDEX "documents_archived" ON "documents"  ("client_id", "environment", "id") WHERE status = 'Failed' AND archived`);
        await queryRunner.query(`CREATE INDEX "documents_delivered_bodies" ON "documents"  ("last_attempted_at") WHERE status = 'Success' AND data IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "notifications_client_user" ON "notifications"  ("client_id", "user_id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."notifications_client_user"`);
        await queryRunner.query(`DROP INDEX "public"."documents_delivered_bodies"`);
        await queryRunner.query(`DROP INDEX "public"."documents_archived"`);
        await queryRunner.query(`DROP INDEX "public"."documents_archive_retention"`);
        await queryRunner.query(`ALTER TABLE "notifications" DROP COLUMN "user_id"`);
        await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "first_stored_at"`);
        await queryRunner.query(`DROP INDEX "public"."restore_jobs_unfinished"`);
        await queryRunner.query(`DROP TABLE "restore_jobs"`);
        await queryRunner.query(`DROP TABLE "restore_job_items"`);
        await queryRunner.query(`DROP INDEX "public"."notification_erasures_user"`);
        await queryRunner.query(`DROP TABLE "notification_erasures"`);
        await queryRunner.query(`DROP INDEX "public"."erasures_running"`);
        await queryRunner.query(`DROP TABLE "erasures"`);
        await queryRunner.query(`DROP TABLE "erasure_objects"`);
    }

}
