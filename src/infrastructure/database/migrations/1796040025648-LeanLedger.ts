import { MigrationInterface, QueryRunner } from "typeorm";

/**
 * Fewer index writes per delivered document: an attempt is keyed by (document, attempt number), one index
 * instead of two, and the documents table leaves room on each page, so claiming a row (which changes no
 * indexed column) is a HOT update that writes no index at all. Generated, then tidied.
 */
export class LeanLedger1796040025648 implements MigrationInterface {
    name = 'LeanLedger1796040025648'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "delivery_attempts" DROP CONSTRAINT "delivery_attempts_document_scheduled"`);
        await queryRunner.query(`ALTER TABLE "delivery_attempts" DROP CONSTRAINT "PK_a9d7e7212c87084249a641ab455"`);
        await queryRunner.query(`ALTER TABLE "delivery_attempts" ADD CONSTRAINT "PK_2cb18a12ed85bd0bbcecf18891f" PRIMARY KEY ("document_id", "attempt")`);
        await queryRunner.query(`ALTER TABLE "documents" SET (fillfactor = 80)`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "documents" RESET (fillfactor)`);
        await queryRunner.query(`ALTER TABLE "delivery_attempts" DROP CONSTRAINT "PK_2cb18a12ed85bd0bbcecf18891f"`);
        await queryRunner.query(`ALTER TABLE "delivery_attempts" ADD CONSTRAINT "PK_a9d7e7212c87084249a641ab455" PRIMARY KEY ("delivery_id")`);
        await queryRunner.query(`ALTER TABLE "delivery_attempts" ADD CONSTRAINT "delivery_attempts_document_scheduled" UNIQUE ("document_id", "scheduled_attempt")`);
    }
}
