import { MigrationInterface, QueryRunner } from "typeorm";

export class Delivery1795323606012 implements MigrationInterface {
    name = 'Delivery1795323606012'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "delivery_attempts" ("delivery_id" uuid NOT NULL, "document_id" uuid NOT NULL, "attempt" integer NOT NULL, "scheduled_attempt" integer, "trigger" text NOT NULL, "hook_id" uuid NOT NULL, "attempted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "response_status" integer, "response_duration_ms" integer NOT NULL, "error" text, CONSTRAINT "delivery_attempts_document_scheduled" UNIQUE ("document_id", "scheduled_attempt"), CONSTRAINT "PK_a9d7e7212c87084249a641ab455" PRIMARY KEY ("delivery_id"))`);
        await queryRunner.query(`CREATE TABLE "documents" ("id" uuid NOT NULL, "client_id" uuid NOT NULL, "environment" text NOT NULL, "kind" text NOT NULL, "type" text NOT NULL, "user_id" text NOT NULL, "data" jsonb NOT NULL, "status" text NOT NULL DEFAULT 'Pending', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "first_attempted_at" TIMESTAMP WITH TIME ZONE, "last_attempted_at" TIMESTAMP WITH TIME ZONE, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "attempts" integer NOT NULL DEFAULT '0', "skipped_reason" text, "rejected_bucket" text, "rejected_key" text, "stored_at" TIMESTAMP WITH TIME ZONE, "expires_at" TIMESTAMP WITH TIME ZONE, "expired_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_ac51aa5181ee2036f5ca482857c" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "documents_client_created_id" ON "documents"  ("client_id", "created_at", "id") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."documents_client_created_id"`);
        await queryRunner.query(`DROP TABLE "documents"`);
        await queryRunner.query(`DROP TABLE "delivery_attempts"`);
    }

}
