import { MigrationInterface, QueryRunner } from "typeorm";

export class Kernel1795322273466 implements MigrationInterface {
    name = 'Kernel1795322273466'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "outbox" ("seq" BIGSERIAL NOT NULL, "event_id" uuid NOT NULL, "type" text NOT NULL, "envelope" jsonb NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_acf0725c6a7245b71c651964ee4" PRIMARY KEY ("seq"))`);
        await queryRunner.query(`CREATE TABLE "inbox" ("message_id" uuid NOT NULL, "actor" text NOT NULL, "handled_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_51093d8c4381076740ab93e6a64" PRIMARY KEY ("message_id", "actor"))`);
        await queryRunner.query(`CREATE INDEX "inbox_handled_at" ON "inbox"  ("handled_at") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."inbox_handled_at"`);
        await queryRunner.query(`DROP TABLE "inbox"`);
        await queryRunner.query(`DROP TABLE "outbox"`);
    }

}
