import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * One shape for every bulk job over documents (a resend from the rejected bucket, a restore from the archive, a
 * replay): `bulk_jobs` says what was asked and how far it got, `bulk_job_items` holds each document, in the order
 * it is to be sent, as a leased row of its own (claimed a page at a time, its lease renewed while it is worked on).
 * Resends and restores carry over with their counts; a job still being prepared by the old version is failed (its
 * items were never all written). Hand-written.
 */
export class BulkJobs1796100000002 implements MigrationInterface {
    name = 'BulkJobs1796100000002'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "bulk_jobs" ("id" uuid NOT NULL, "kind" text NOT NULL, "client_id" uuid NOT NULL, "environment" text NOT NULL, "state" text NOT NULL,
            "total" integer NOT NULL, "succeeded" integer NOT NULL DEFAULT 0, "failed" integer NOT NULL DEFAULT 0, "skipped" integer NOT NULL DEFAULT 0,
            "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "bulk_jobs_pkey" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "bulk_jobs_unfinished" ON "bulk_jobs" ("created_at") WHERE state IN ('queued', 'running')`);
        await queryRunner.query(`CREATE INDEX "bulk_jobs_finished" ON "bulk_jobs" ("updated_at") WHERE state IN ('completed', 'failed')`);
        await queryRunner.query(`CREATE TABLE "bulk_job_items" ("id" BIGSERIAL NOT NULL, "job_id" uuid NOT NULL, "position" integer NOT NULL, "document_id" uuid NOT NULL,
            "document_created_at" TIMESTAMP WITH TIME ZONE, "key" text, "outcome" text, "tries" integer NOT NULL DEFAULT 0,
            "lease_until" TIMESTAMP WITH TIME ZONE, "lease_owner" text, CONSTRAINT "bulk_job_items_pkey" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "bulk_job_items_document" ON "bulk_job_items" ("job_id", "document_id")`);
        await queryRunner.query(`CREATE INDEX "bulk_job_items_untried" ON "bulk_job_items" ("job_id", "position") WHERE outcome IS NULL`);

        for (const [kind, jobs, items, succeeded, key] of [["resend", "resend_jobs", "resend_job_items", "delivered", "NULL"], ["restore", "restore_jobs", "restore_job_items", "restored", `"key"`]]) {
            await queryRunner.query(`INSERT INTO "bulk_jobs" ("id", "kind", "client_id", "environment", "state", "total", "succeeded", "failed", "created_at", "updated_at")
                SELECT "id", '${kind}', "client_id", "environment", CASE "state" WHEN 'preparing' THEN 'failed' ELSE "state" END, "total", "${succeeded}", "failed", "created_at", "updated_at"
                FROM "${jobs}"`);
            await queryRunner.query(`INSERT INTO "bulk_job_items" ("job_id", "position", "document_id", "key", "outcome")
                SELECT "job_id", row_number() OVER (PARTITION BY "job_id" ORDER BY "document_id"), "document_id", ${key},
                  CASE "outcome" WHEN '${succeeded}' THEN 'succeeded' ELSE "outcome" END
                FROM "${items}"`);
            await queryRunner.query(`DROP TABLE "${items}"`);
            await queryRunner.query(`DROP TABLE "${jobs}"`);
        }
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        for (const [kind, jobs, items, succeeded, keyColumn] of [["resend", "resend_jobs", "resend_job_items", "delivered", ""], ["restore", "restore_jobs", "restore_job_items", "restored", `, "key" text NOT NULL`]]) {
            await queryRunner.query(`CREATE TABLE "${jobs}" ("id" uuid NOT NULL, "client_id" uuid NOT NULL, "environment" text NOT NULL, "state" text NOT NULL, "total" integer NOT NULL,
                "${succeeded}" integer NOT NULL DEFAULT '0', "failed" integer NOT NULL DEFAULT '0', "runs" integer NOT NULL DEFAULT '0', "lease_until" TIMESTAMP WITH TIME ZONE,
                "lease_owner" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), PRIMARY KEY ("id"))`);
            await queryRunner.query(`CREATE INDEX "${jobs}_unfinished" ON "${jobs}" ("created_at") WHERE state IN ('queued', 'running')`);
            await queryRunner.query(`CREATE INDEX "${jobs}_finished" ON "${jobs}" ("updated_at") WHERE state IN ('completed', 'failed')`);
            await queryRunner.query(`CREATE TABLE "${items}" ("job_id" uuid NOT NULL, "document_id" uuid NOT NULL${keyColumn}, "outcome" text, PRIMARY KEY ("job_id", "document_id"))`);
            await queryRunner.query(`INSERT INTO "${jobs}" ("id", "client_id", "environment", "state", "total", "${succeeded}", "failed", "created_at", "updated_at")
                SELECT "id", "client_id", "environment", "state", "total", "succeeded", "failed", "created_at", "updated_at" FROM "bulk_jobs" WHERE "kind" = '${kind}'`);
            await queryRunner.query(`INSERT INTO "${items}" SELECT i."job_id", i."document_id"${keyColumn ? `, i."key"` : ''}, CASE i."outcome" WHEN 'succeeded' THEN '${succeeded}' ELSE i."outcome" END
                FROM "bulk_job_items" i JOIN "bulk_jobs" j ON j."id" = i."job_id" WHERE j."kind" = '${kind}'`);
        }
        await queryRunner.query(`DROP TABLE "bulk_job_items"`);
        await queryRunner.query(`DROP TABLE "bulk_jobs"`);
    }
}
