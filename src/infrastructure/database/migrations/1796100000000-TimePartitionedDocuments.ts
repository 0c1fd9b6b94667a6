import { MigrationInterface, QueryRunner } from "typeorm";
import { partitionsForRows, uniqueId } from "./frozen/partition-existing-rows.js";

/**
 * Cost follows the work, not the history. The documents table splits by what each part is for:
 * - `documents`: a document's record (facts, status, counts), range-partitioned by `created_at`, dropped whole
 *   after EVENT_RETENTION; its settling is a HOT update (no index holds the columns it changes).
 * - `document_bodies`: bodies, apart from the record, partitioned alike; purging one rewrites no record.
 * - `delivery_queue`: pending work only (one row per Pending document, deleted when it settles), so claims, the
 *   reconciler and the gauges read rows that need action and nothing else.
 * - `delivery_attempts`: partitioned by their document's `created_at`, dropped with it.
 * - `rejected_documents`: RejectedStore's record of the documents whose object is in a rejected bucket or the
 *   archive; it lives as long as the object, whatever the age of the document's record.
 * Hand-written: TypeORM does not generate partitioned tables. Every row is carried over in this one transaction,
 * which holds an ACCESS EXCLUSIVE lock on the old tables while it copies (see README, Upgrading).
 */
export class TimePartitionedDocuments1796100000000 implements MigrationInterface {
    name = 'TimePartitionedDocuments1796100000000'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "documents" RENAME TO "documents_unpartitioned"`);
        await queryRunner.query(`ALTER TABLE "delivery_attempts" RENAME TO "delivery_attempts_unpartitioned"`);
        for (const index of ["documents_client_created_id", "documents_created_id", "documents_due", "documents_user_order", "documents_client_user", "documents_waiting",
            "documents_retention", "documents_delivered_bodies", "documents_archived", "documents_archive_retention"]) {
            await queryRunner.query(`DROP INDEX IF EXISTS "${index}"`);
        }

        await queryRunner.query(`CREATE TABLE "documents" ("id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "client_id" uuid NOT NULL, "hook_id" uuid NOT NULL,
            "environment" text NOT NULL, "kind" text NOT NULL, "type" text NOT NULL, "user_id" text NOT NULL, "content_hash" text NOT NULL, "status" text NOT NULL DEFAULT 'Pending',
            "attempts" integer NOT NULL DEFAULT 0, "last_attempted_at" TIMESTAMP WITH TIME ZONE, "stored" boolean NOT NULL DEFAULT false, "trace_parent" text)
            PARTITION BY RANGE ("created_at")`);
        await queryRunner.query(`CREATE INDEX "documents_client_created" ON "documents" ("client_id", "created_at", "id")`);
        await queryRunner.query(`CREATE INDEX "documents_created" ON "documents" ("created_at", "id")`);
        await queryRunner.query(`CREATE INDEX "documents_client_user" ON "documents" ("client_id", "user_id", "created_at", "id")`);
        await queryRunner.query(`CREATE INDEX "documents_client_stored" ON "documents" ("client_id", "created_at", "id") WHERE stored`);
        await queryRunner.query(`CREATE INDEX "documents_stored" ON "documents" ("created_at", "id") WHERE stored`);
        await partitionsForRows(queryRunner, "documents", "documents_unpartitioned", "created_at", { storage: "fillfactor = 90", indexes: uniqueId });

        await queryRunner.query(`CREATE TABLE "document_bodies" ("document_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "data" text, "purged_at" TIMESTAMP WITH TIME ZONE)
            PARTITION BY RANGE ("created_at")`);
        await queryRunner.query(`CREATE UNIQUE INDEX "document_bodies_document" ON "document_bodies" ("document_id", "created_at")`);
        await partitionsForRows(queryRunner, "document_bodies", "documents_unpartitioned", "created_at");

        await queryRunner.query(`CREATE TABLE "delivery_attempts" ("document_id" uuid NOT NULL, "document_created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "attempt" integer NOT NULL,
            "delivery_id" uuid NOT NULL, "scheduled_attempt" integer, "trigger" text NOT NULL, "hook_id" uuid NOT NULL, "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
            "response_status" integer, "response_duration_ms" integer NOT NULL, "error" text, "accepted" boolean NOT NULL DEFAULT false)
            PARTITION BY RANGE ("document_created_at")`);
        await queryRunner.query(`CREATE UNIQUE INDEX "delivery_attempts_document" ON "delivery_attempts" ("document_id", "document_created_at", "attempt")`);
        await queryRunner.query(`CREATE INDEX "delivery_attempts_accepted" ON "delivery_attempts" ("attempted_at", "document_id") WHERE accepted`);
        await partitionsForRows(queryRunner, "delivery_attempts", "documents_unpartitioned", "created_at");

        await queryRunner.query(`CREATE SEQUENCE "delivery_queue_seq"`);
        await queryRunner.query(`CREATE TABLE "delivery_queue" ("document_id" uuid NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL,
            "seq" bigint NOT NULL DEFAULT nextval('delivery_queue_seq'), "client_id" uuid NOT NULL, "hook_id" uuid NOT NULL, "environment" text NOT NULL, "kind" text NOT NULL,
            "type" text NOT NULL, "user_id" text NOT NULL, "attempts" integer NOT NULL DEFAULT 0, "scheduled_attempts" integer NOT NULL DEFAULT 0,
            "first_attempted_at" TIMESTAMP WITH TIME ZONE, "last_attempted_at" TIMESTAMP WITH TIME ZONE, "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL,
            "lease_until" TIMESTAMP WITH TIME ZONE, "lease_owner" text, "exhausted_reason" text, "store_attempts" integer NOT NULL DEFAULT 0, "trace_parent" text,
            CONSTRAINT "delivery_queue_pkey" PRIMARY KEY ("document_id"))
            WITH (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02)`);
        await queryRunner.query(`ALTER SEQUENCE "delivery_queue_seq" OWNED BY "delivery_queue"."seq"`);
        await queryRunner.query(`CREATE INDEX "delivery_queue_hook_due" ON "delivery_queue" ("hook_id", "next_attempt_at")`);
        await queryRunner.query(`CREATE INDEX "delivery_queue_user_order" ON "delivery_queue" ("hook_id", "user_id", "seq")`);
        await queryRunner.query(`CREATE INDEX "delivery_queue_client_created" ON "delivery_queue" ("client_id", "created_at", "document_id")`);

        await queryRunner.query(`CREATE TABLE "rejected_documents" ("document_id" uuid NOT NULL, "document_created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "client_id" uuid NOT NULL,
            "hook_id" uuid NOT NULL, "environment" text NOT NULL, "kind" text NOT NULL, "type" text NOT NULL, "user_id" text NOT NULL, "attempts" integer NOT NULL,
            "bucket" text NOT NULL, "key" text NOT NULL, "stored_at" TIMESTAMP WITH TIME ZONE NOT NULL, "first_stored_at" TIMESTAMP WITH TIME ZONE NOT NULL,
            "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expired_at" TIMESTAMP WITH TIME ZONE, "archived" boolean NOT NULL DEFAULT false,
            "withheld" boolean NOT NULL DEFAULT false, CONSTRAINT "rejected_documents_pkey" PRIMARY KEY ("document_id"))`);
        await queryRunner.query(`CREATE INDEX "rejected_documents_client_waiting" ON "rejected_documents" ("client_id", "stored_at", "document_id") WHERE expired_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "rejected_documents_client_environment_waiting" ON "rejected_documents" ("client_id", "environment", "stored_at", "document_id") WHERE expired_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "rejected_documents_waiting" ON "rejected_documents" ("stored_at", "document_id") WHERE expired_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "rejected_documents_retention" ON "rejected_documents" ("expires_at", "environment") WHERE expired_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "rejected_documents_archived" ON "rejected_documents" ("client_id", "environment", "document_id") WHERE archived`);
        await queryRunner.query(`CREATE INDEX "rejected_documents_archive_retention" ON "rejected_documents" ("expired_at") WHERE archived`);
        await queryRunner.query(`CREATE INDEX "rejected_documents_gone" ON "rejected_documents" ("document_created_at") WHERE expired_at IS NOT NULL AND NOT archived AND NOT withheld`);
        await queryRunner.query(`CREATE INDEX "rejected_documents_client_user" ON "rejected_documents" ("client_id", "user_id")`);

        await queryRunner.query(`CREATE TABLE "sweep_positions" ("sweep" text NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL, "id" uuid NOT NULL,
            CONSTRAINT "sweep_positions_pkey" PRIMARY KEY ("sweep"))`);
        // A queue: rows come and go all day, so its dead rows are vacuumed early, not at a fifth of the table.
        await queryRunner.query(`ALTER TABLE "kernel_messages" SET (autovacuum_vacuum_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02)`);
        // The purge of delivered bodies starts from the first accepted attempt.
        await queryRunner.query(`INSERT INTO "sweep_positions" ("sweep", "at", "id") VALUES ('delivered-bodies', '-infinity', '00000000-0000-0000-0000-000000000000')`);

        await queryRunner.query(`INSERT INTO "documents" ("id", "created_at", "client_id", "hook_id", "environment", "kind", "type", "user_id", "content_hash", "status", "attempts",
            "last_attempted_at", "stored")
            SELECT "id", "created_at", "client_id", "hook_id", "environment", "kind", "type", "user_id", "content_hash", "status", "attempts", "last_attempted_at",
              "rejected_key" IS NOT NULL FROM "documents_unpartitioned"`);
        await queryRunner.query(`INSERT INTO "document_bodies" ("document_id", "created_at", "data", "purged_at")
            SELECT "id", "created_at", "data", "body_purged_at" FROM "documents_unpartitioned" WHERE "data" IS NOT NULL OR "body_purged_at" IS NOT NULL`);
        // Leases of the old version's workers are void: every pending document is free to be claimed.
        await queryRunner.query(`INSERT INTO "delivery_queue" ("document_id", "created_at", "seq", "client_id", "hook_id", "environment", "kind", "type", "user_id", "attempts",
            "scheduled_attempts", "first_attempted_at", "last_attempted_at", "next_attempt_at", "exhausted_reason", "store_attempts")
            SELECT "id", "created_at", "seq", "client_id", "hook_id", "environment", "kind", "type", "user_id", "attempts", "scheduled_attempts", "first_attempted_at",
              "last_attempted_at", COALESCE("next_attempt_at", now()), "exhausted_reason", "store_attempts" FROM "documents_unpartitioned" WHERE "status" = 'Pending'`);
        await queryRunner.query(`SELECT setval('delivery_queue_seq', (SELECT COALESCE(max("seq"), 0) + 1 FROM "documents_unpartitioned"))`);
        // Acceptance was not recorded before: the default ACCEPTED_STATUS_CODES stand for it.
        await queryRunner.query(`INSERT INTO "delivery_attempts" ("document_id", "document_created_at", "attempt", "delivery_id", "scheduled_attempt", "trigger", "hook_id",
            "attempted_at", "response_status", "response_duration_ms", "error", "accepted")
            SELECT a."document_id", d."created_at", a."attempt", a."delivery_id", a."scheduled_attempt", a."trigger", a."hook_id", a."attempted_at", a."response_status",
              a."response_duration_ms", a."error", COALESCE(a."response_status" IN (200, 201, 202), false)
            FROM "delivery_attempts_unpartitioned" a JOIN "documents_unpartitioned" d ON d."id" = a."document_id"`);
        await queryRunner.query(`INSERT INTO "rejected_documents" ("document_id", "document_created_at", "client_id", "hook_id", "environment", "kind", "type", "user_id", "attempts",
            "bucket", "key", "stored_at", "first_stored_at", "expires_at", "expired_at", "archived")
            SELECT "id", "created_at", "client_id", "hook_id", "environment", "kind", "type", "user_id", "attempts", "rejected_bucket", "rejected_key", "stored_at",
              COALESCE("first_stored_at", "stored_at"), "expires_at", "expired_at", "archived"
            FROM "documents_unpartitioned" WHERE "status" = 'Failed' AND "rejected_key" IS NOT NULL`);
        await queryRunner.query(`DROP TABLE "delivery_attempts_unpartitioned"`);
        await queryRunner.query(`DROP TABLE "documents_unpartitioned"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "documents_partitioned" AS SELECT * FROM "documents"`);
        await queryRunner.query(`CREATE TABLE "attempts_partitioned" AS SELECT * FROM "delivery_attempts"`);
        await queryRunner.query(`DROP TABLE "delivery_attempts"`);
        await queryRunner.query(`DROP TABLE "documents"`);
        await queryRunner.query(`CREATE TABLE "documents" ("id" uuid NOT NULL, "client_id" uuid NOT NULL, "environment" text NOT NULL, "kind" text NOT NULL, "type" text NOT NULL,
            "user_id" text NOT NULL, "data" text, "status" text NOT NULL DEFAULT 'Pending', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "first_attempted_at" TIMESTAMP WITH TIME ZONE,
            "last_attempted_at" TIMESTAMP WITH TIME ZONE, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "rejected_bucket" text, "rejected_key" text,
            "stored_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, "expired_at" TIMESTAMP WITH TIME ZONE, "seq" BIGSERIAL NOT NULL, "hook_id" uuid NOT NULL,
            "content_hash" text NOT NULL, "scheduled_attempts" integer NOT NULL DEFAULT '0', "lease_until" TIMESTAMP WITH TIME ZONE, "lease_owner" text, "exhausted_reason" text,
            "store_attempts" integer NOT NULL DEFAULT '0', "archived" boolean NOT NULL DEFAULT false, "body_purged_at" TIMESTAMP WITH TIME ZONE, "first_stored_at" TIMESTAMP WITH TIME ZONE,
            CONSTRAINT "PK_ac51aa5181ee2036f5ca482857c" PRIMARY KEY ("id")) WITH (fillfactor = 80)`);
        await queryRunner.query(`INSERT INTO "documents" ("id", "client_id", "environment", "kind", "type", "user_id", "data", "status", "created_at", "first_attempted_at",
            "last_attempted_at", "next_attempt_at", "attempts", "rejected_bucket", "rejected_key", "stored_at", "expires_at", "expired_at", "hook_id", "content_hash", "scheduled_attempts",
            "exhausted_reason", "store_attempts", "archived", "body_purged_at", "first_stored_at")
            SELECT d."id", d."client_id", d."environment", d."kind", d."type", d."user_id", b."data", d."status", d."created_at", q."first_attempted_at",
              COALESCE(q."last_attempted_at", d."last_attempted_at"), q."next_attempt_at", GREATEST(d."attempts", COALESCE(q."attempts", 0)), r."bucket", r."key", r."stored_at",
              r."expires_at", r."expired_at", d."hook_id", d."content_hash", COALESCE(q."scheduled_attempts", 0), q."exhausted_reason", COALESCE(q."store_attempts", 0),
              COALESCE(r."archived", false), b."purged_at", r."first_stored_at"
            FROM "documents_partitioned" d
            LEFT JOIN "document_bodies" b ON b."document_id" = d."id" AND b."created_at" = d."created_at"
            LEFT JOIN "delivery_queue" q ON q."document_id" = d."id"
            LEFT JOIN "rejected_documents" r ON r."document_id" = d."id"`);
        await queryRunner.query(`CREATE TABLE "delivery_attempts" ("delivery_id" uuid NOT NULL, "document_id" uuid NOT NULL, "attempt" integer NOT NULL, "scheduled_attempt" integer,
            "trigger" text NOT NULL, "hook_id" uuid NOT NULL, "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "response_status" integer, "response_duration_ms" integer NOT NULL,
            "error" text, CONSTRAINT "PK_2cb18a12ed85bd0bbcecf18891f" PRIMARY KEY ("document_id", "attempt"))`);
        await queryRunner.query(`INSERT INTO "delivery_attempts" SELECT "delivery_id", "document_id", "attempt", "scheduled_attempt", "trigger", "hook_id", "attempted_at",
            "response_status", "response_duration_ms", "error" FROM "attempts_partitioned"`);
        await queryRunner.query(`ALTER TABLE "kernel_messages" RESET (autovacuum_vacuum_scale_factor, autovacuum_analyze_scale_factor)`);
        for (const table of ["attempts_partitioned", "documents_partitioned", "sweep_positions", "rejected_documents", "delivery_queue", "document_bodies"]) {
            await queryRunner.query(`DROP TABLE "${table}"`);
        }
        await queryRunner.query(`CREATE INDEX "documents_client_created_id" ON "documents" ("client_id", "created_at", "id")`);
        await queryRunner.query(`CREATE INDEX "documents_created_id" ON "documents" ("created_at", "id")`);
        await queryRunner.query(`CREATE INDEX "documents_due" ON "documents" ("hook_id", "next_attempt_at", "environment", "exhausted_reason") WHERE status = 'Pending'`);
        await queryRunner.query(`CREATE INDEX "documents_user_order" ON "documents" ("hook_id", "user_id", "seq") WHERE status = 'Pending'`);
        await queryRunner.query(`CREATE INDEX "documents_client_user" ON "documents" ("client_id", "user_id", "created_at", "id")`);
        await queryRunner.query(`CREATE INDEX "documents_waiting" ON "documents" ("client_id", "environment", "stored_at", "id") WHERE status = 'Failed' AND expired_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "documents_retention" ON "documents" ("expires_at", "environment") WHERE status = 'Failed' AND expired_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "documents_delivered_bodies" ON "documents" ("last_attempted_at") WHERE status = 'Success' AND data IS NOT NULL`);
        await queryRunner.query(`CREATE INDEX "documents_archived" ON "documents" ("client_id", "environment", "id") WHERE status = 'Failed' AND archived`);
        await queryRunner.query(`CREATE INDEX "documents_archive_retention" ON "documents" ("expired_at") WHERE status = 'Failed' AND archived`);
    }
}
