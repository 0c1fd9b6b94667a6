import { MigrationInterface, QueryRunner } from "typeorm";

export class LeasedResendsAndEventsIndex1796045524974 implements MigrationInterface {
    name = 'LeasedResendsAndEventsIndex1796045524974'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "resend_jobs" ADD "runs" integer NOT NULL DEFAULT '0'`);
        await queryRunner.query(`ALTER TABLE "resend_jobs" ADD "lease_until" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "resend_jobs" ADD "lease_owner" text`);
        await queryRunner.query(`CREATE INDEX "documents_created_id" ON "documents"  ("created_at", "id") `);
        await queryRunner.query(`CREATE INDEX "resend_jobs_unfinished" ON "resend_jobs"  ("created_at") WHERE state IN ('queued', 'running')`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."resend_jobs_unfinished"`);
        await queryRunner.query(`DROP INDEX "public"."documents_created_id"`);
        await queryRunner.query(`ALTER TABLE "resend_jobs" DROP COLUMN "lease_owner"`);
        await queryRunner.query(`ALTER TABLE "resend_jobs" DROP COLUMN "lease_until"`);
        await queryRunner.query(`ALTER TABLE "resend_jobs" DROP COLUMN "runs"`);
    }

}
