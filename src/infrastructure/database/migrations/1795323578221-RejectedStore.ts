import { MigrationInterface, QueryRunner } from "typeorm";

export class RejectedStore1795323578221 implements MigrationInterface {
    name = 'RejectedStore1795323578221'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "rejected_documents" ("document_id" uuid NOT NULL, "client_id" uuid NOT NULL, "environment" text NOT NULL, "kind" text NOT NULL, "type" text NOT NULL, "user_id" text NOT NULL, "bucket" text NOT NULL, "key" text NOT NULL, "attempts" integer NOT NULL, "stored_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "expired_at" TIMESTAMP WITH TIME ZONE, "removed_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b7ad2785ab244de074595373002" PRIMARY KEY ("document_id"))`);
        await queryRunner.query(`CREATE INDEX "rejected_documents_due_for_sweep" ON "rejected_documents"  ("expires_at") WHERE expired_at IS NULL AND removed_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "rejected_documents_listing" ON "rejected_documents"  ("client_id", "environment", "stored_at", "document_id") `);
        await queryRunner.query(`CREATE TABLE "resend_jobs" ("id" uuid NOT NULL, "client_id" uuid NOT NULL, "environment" text NOT NULL, "state" text NOT NULL, "total" integer NOT NULL, "delivered" integer NOT NULL DEFAULT '0', "failed" integer NOT NULL DEFAULT '0', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_b888a162bd5624b520b31825d3d" PRIMARY KEY ("id"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "resend_jobs"`);
        await queryRunner.query(`DROP INDEX "public"."rejected_documents_listing"`);
        await queryRunner.query(`DROP INDEX "public"."rejected_documents_due_for_sweep"`);
        await queryRunner.query(`DROP TABLE "rejected_documents"`);
    }

}
