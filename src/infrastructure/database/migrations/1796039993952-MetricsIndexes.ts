import { MigrationInterface, QueryRunner } from "typeorm";

export class MetricsIndexes1796039993952 implements MigrationInterface {
    name = 'MetricsIndexes1796039993952'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."documents_retention"`);
        await queryRunner.query(`DROP INDEX "public"."documents_due"`);
        await queryRunner.query(`CREATE INDEX "documents_retention" ON "documents"  ("expires_at", "environment") WHERE status = 'Failed' AND expired_at IS NULL`);
        await queryRunner.query(`CREATE INDEX "documents_due" ON "documents"  ("hook_id", "next_attempt_at", "environment", "exhausted_reason") WHERE status = 'Pending'`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."documents_due"`);
        await queryRunner.query(`DROP INDEX "public"."documents_retention"`);
        // As the Ledger migration made it: the generator read its two columns back in the wrong order.
        await queryRunner.query(`CREATE INDEX "documents_due" ON "documents" USING btree ("hook_id", "next_attempt_at") WHERE (status = 'Pending'::text)`);
        await queryRunner.query(`CREATE INDEX "documents_retention" ON "documents" USING btree ("expires_at") WHERE ((status = 'Failed'::text) AND (expired_at IS NULL))`);
    }

}
