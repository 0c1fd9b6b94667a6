import { MigrationInterface, QueryRunner } from "typeorm";

export class Clients1795323508955 implements MigrationInterface {
    name = 'Clients1795323508955'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "clients" ("id" uuid NOT NULL, "name" text NOT NULL, "api_key_hash" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f1ab7cf3a5714dbc6bb4e1c28a4" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE UNIQUE INDEX "clients_api_key_hash" ON "clients"  ("api_key_hash") `);
        await queryRunner.query(`CREATE TABLE "hooks" ("id" uuid NOT NULL, "client_id" uuid NOT NULL, "environment" text NOT NULL, "kind" text NOT NULL, "url" text NOT NULL, "status" text NOT NULL DEFAULT 'Active', "signing_secret" text NOT NULL, "consecutive_failures" integer NOT NULL DEFAULT '0', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "hooks_client_environment_kind" UNIQUE ("client_id", "environment", "kind"), CONSTRAINT "PK_6f3b230c5a618ac05cdbde2f8db" PRIMARY KEY ("id"))`);
        await queryRunner.query(`ALTER TABLE "hooks" ADD CONSTRAINT "FK_11b8c5766a3ee2e8f1b85cd0aab" FOREIGN KEY ("client_id") REFERENCES "clients"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "hooks" DROP CONSTRAINT "FK_11b8c5766a3ee2e8f1b85cd0aab"`);
        await queryRunner.query(`DROP TABLE "hooks"`);
        await queryRunner.query(`DROP INDEX "public"."clients_api_key_hash"`);
        await queryRunner.query(`DROP TABLE "clients"`);
    }

}
