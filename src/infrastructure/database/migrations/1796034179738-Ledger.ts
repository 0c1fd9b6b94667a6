import { MigrationInterface, QueryRunner } from "typeorm";
import { contentHashAt1796034179738 as contentHash } from "./frozen/content-hash-1796034179738.js";

/**
 * PostgreSQL becomes the ledger of all pending work: the kernel's messages are rows (kernel_messages)
 * instead of an outbox relayed into Redis, each document row holds what resumes its delivery, and the
 * rejected state lives on the document row only. Generated, then edited to keep existing data.
 * Upgrade with the outbox drained (stop producers, wait for `SELECT count(*) FROM outbox` = 0): events
 * still in the old outbox or in Redis are not carried over, while every Pending document is (it becomes
 * due at once).
 */
export class Ledger1796034179738 implements MigrationInterface {
    name = 'Ledger1796034179738'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "kernel_messages" ("seq" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "actor" text NOT NULL, "type" text NOT NULL, "envelope" json NOT NULL, "run_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "attempts" integer NOT NULL DEFAULT '0', "lease_until" TIMESTAMP WITH TIME ZONE, "lease_owner" text, "last_error" text, "failed_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "kernel_messages_event_actor" UNIQUE ("event_id", "actor"), CONSTRAINT "PK_7f22fd78eca5aa1821c36a67aa3" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE INDEX "kernel_messages_due" ON "kernel_messages"  ("actor", "run_at") WHERE failed_at IS NULL`);
        await queryRunner.query(`CREATE TABLE "resend_job_items" ("job_id" uuid NOT NULL, "document_id" uuid NOT NULL, "outcome" text, CONSTRAINT "PK_33008bf970e94ddc7fd1d509f54" PRIMARY KEY ("job_id", "document_id"))`);
        await queryRunner.query(`ALTER TABLE "hooks" ADD "rate_limit" integer`);
        await queryRunner.query(`ALTER TABLE "hooks" ADD "max_in_flight" integer`);
        await queryRunner.query(`ALTER TABLE "hooks" ADD "ordering" text NOT NULL DEFAULT 'none'`);
        await queryRunner.query(`ALTER TABLE "hooks" ADD "paused_until" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "documents" ADD "seq" BIGSERIAL NOT NULL`);
        await queryRunner.query(`ALTER TABLE "documents" ADD "hook_id" uuid`);
        await queryRunner.query(`ALTER TABLE "documents" ADD "content_hash" text`);
        await queryRunner.query(`ALTER TABLE "documents" ADD "scheduled_attempts" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "documents" ADD "lease_until" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "documents" ADD "lease_owner" text`);
        await queryRunner.query(`ALTER TABLE "documents" ADD "exhausted_reason" text`);
        await queryRunner.query(`ALTER TABLE "documents" ADD "store_attempts" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "documents" ADD "archived" boolean NOT NULL DEFAULT false`);
        await queryRunner.query(`ALTER TABLE "documents" ADD "body_purged_at" TIMESTAMP WITH TIME ZONE`);
        // Kept, as JSON text: any JSON value, \u0000 escapes included.
        await queryRunner.query(`ALTER TABLE "documents" ALTER COLUMN "data" TYPE text USING "data"::text, ALTER COLUMN "data" DROP NOT NULL`);
        await queryRunner.query(`UPDATE "documents" d SET "hook_id" = h."id" FROM "hooks" h WHERE h."client_id" = d."client_id" AND h."environment" = d."environment" AND h."kind" = 'data'`);
        await queryRunner.query(`UPDATE "documents" d SET "scheduled_attempts" = a."made" FROM (SELECT "document_id", max("scheduled_attempt") AS "made" FROM "delivery_attempts" GROUP BY "document_id") a WHERE a."document_id" = d."id" AND a."made" IS NOT NULL`);
        await queryRunner.query(`UPDATE "documents" SET "exhausted_reason" = "skipped_reason", "next_attempt_at" = now() WHERE "skipped_reason" IS NOT NULL AND "status" = 'Pending'`);
        // Every Pending document becomes due now: its wake-up lived in Redis, which this version no longer trusts.
        await queryRunner.query(`UPDATE "documents" SET "next_attempt_at" = COALESCE("next_attempt_at", now()) WHERE "status" = 'Pending'`);
        await this.hashContents(queryRunner);
        // A stored document's body lives in its bucket only.
        await queryRunner.query(`UPDATE "documents" SET "data" = NULL WHERE "status" = 'Failed' AND "rejected_key" IS NOT NULL`);
        await queryRunner.query(`ALTER TABLE "documents" ALTER COLUMN "hook_id" SET NOT NULL, ALTER COLUMN "content_hash" SET NOT NULL`);
        await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "skipped_reason"`);
        await queryRunner.query(`CREATE INDEX "documents_retention" ON "documents"  ("expires_at") WHERE status = 'Failed' AND expired_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "documents_waiting" ON "documents"  ("client_id", "environment", "stored_at", "id") WHERE status = 'Failed' AND expired_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "documents_client_user" ON "documents"  ("client_id", "user_id") `);
        await queryRunner.query(`CREATE INDEX "documents_user_order" ON "documents"  ("hook_id", "user_id", "seq") WHERE status = 'Pending'`);
        await queryRunner.query(`CREATE INDEX "documents_due" ON "documents"  ("hook_id", "next_attempt_at") WHERE status = 'Pending'`);
        await queryRunner.query(`DROP TABLE "rejected_documents"`);
        await queryRunner.query(`DROP TABLE "inbox"`);
        await queryRunner.query(`DROP TABLE "outbox"`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "outbox" ("seq" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "type" text NOT NULL, "envelope" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_acf0725c6a7245b71c651964ee4" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE TABLE "inbox" ("message_id" uuid NOT NULL, "actor" text NOT NULL, "handled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_51093d8c4381076740ab93e6a64" PRIMARY KEY ("message_id", "actor"))`);
        await queryRunner.query(`CREATE INDEX "inbox_handled_at" ON "inbox"  ("handled_at") `);
        await queryRunner.query(`CREATE TABLE "rejected_documents" ("document_id" uuid NOT NULL, "client_id" uuid NOT NULL, "environment" text NOT NULL, "kind" text NOT NULL, "type" text NOT NULL, "user_id" text NOT NULL, "bucket" text NOT NULL, "key" text NOT NULL, "attempts" integer NOT NULL, "stored_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expired_at" TIMESTAMP WITH TIME ZONE, "removed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b7ad2785ab244de074595373002" PRIMARY KEY ("document_id"))`);
        await queryRunner.query(`CREATE INDEX "rejected_documents_due_for_sweep" ON "rejected_documents"  ("expires_at") WHERE expired_at IS NULL AND removed_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "rejected_documents_listing" ON "rejected_documents"  ("client_id", "environment", "stored_at", "document_id") `);
        await queryRunner.query(`INSERT INTO "rejected_documents" SELECT "id", "client_id", "environment", "kind", "type", "user_id", "rejected_bucket", "rejected_key", "attempts", "stored_at", "expires_at", "expired_at", NULL FROM "documents" WHERE "rejected_key" IS NOT NULL AND "status" = 'Failed'`);
        await queryRunner.query(`DROP INDEX "public"."documents_due"`);
        await queryRunner.query(`DROP INDEX "public"."documents_user_order"`);
        await queryRunner.query(`DROP INDEX "public"."documents_client_user"`);
        await queryRunner.query(`DROP INDEX "public"."documents_waiting"`);
        await queryRunner.query(`DROP INDEX "public"."documents_retention"`);
        await queryRunner.query(`ALTER TABLE "documents" ADD "skipped_reason" text`);
        await queryRunner.query(`UPDATE "documents" SET "skipped_reason" = 'hook_suspended' WHERE "exhausted_reason" = 'hook_suspended' AND "status" = 'Pending'`);
        // Bodies that moved to a bucket or were purged stay an empty object: the old schema requires one.
        await queryRunner.query(`ALTER TABLE "documents" ALTER COLUMN "data" TYPE jsonb USING COALESCE("data", '{}')::jsonb, ALTER COLUMN "data" SET NOT NULL`);
        for (const column of ["body_purged_at", "archived", "store_attempts", "exhausted_reason", "lease_owner", "lease_until", "scheduled_attempts", "content_hash", "hook_id", "seq"]) {
            await queryRunner.query(`ALTER TABLE "documents" DROP COLUMN "${column}"`);
        }
        for (const column of ["paused_until", "ordering", "max_in_flight", "rate_limit"]) {
            await queryRunner.query(`ALTER TABLE "hooks" DROP COLUMN "${column}"`);
        }
        await queryRunner.query(`DROP TABLE "resend_job_items"`);
        await queryRunner.query(`DROP INDEX "public"."kernel_messages_due"`);
        await queryRunner.query(`DROP TABLE "kernel_messages"`);
    }

    /** The content hash of documents received before it existed, computed as ingest computes it now. */
    private async hashContents(queryRunner: QueryRunner): Promise<void> {
        for (;;) {
            const rows: { id: string; client_id: string; environment: 'sandbox' | 'production'; kind: 'event' | 'summary'; type: string; user_id: string; data: string | null }[] =
                await queryRunner.query(`SELECT "id", "client_id", "environment", "kind", "type", "user_id", "data" FROM "documents" WHERE "content_hash" IS NULL LIMIT 1000`);
            if (rows.length === 0) return;
            const hashes = rows.map((row) =>
                contentHash({ clientId: row.client_id, environment: row.environment, kind: row.kind, type: row.type, userId: row.user_id, data: row.data === null ? null : JSON.parse(row.data) }),
            );
            await queryRunner.query(`UPDATE "documents" d SET "content_hash" = t."hash" FROM unnest($1::uuid[], $2::text[]) AS t("id", "hash") WHERE d."id" = t."id"`, [rows.map((row) => row.id), hashes]);
        }
    }
}
