import { MigrationInterface, QueryRunner } from "typeorm";

export class CredentialRotation1796033645979 implements MigrationInterface {
    name = 'CredentialRotation1796033645979'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`ALTER TABLE "clients" ADD "previous_api_key_hash" text`);
        await queryRunner.query(`ALTER TABLE "clients" ADD "previous_api_key_expires_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`ALTER TABLE "hooks" ADD "previous_signing_secret" text`);
        await queryRunner.query(`ALTER TABLE "hooks" ADD "previous_secret_expires_at" TIMESTAMP WITH TIME ZONE`);
        await queryRunner.query(`CREATE UNIQUE INDEX "clients_previous_api_key_hash" ON "clients"  ("previous_api_key_hash") `);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP INDEX "public"."clients_previous_api_key_hash"`);
        await queryRunner.query(`ALTER TABLE "hooks" DROP COLUMN "previous_secret_expires_at"`);
        await queryRunner.query(`ALTER TABLE "hooks" DROP COLUMN "previous_signing_secret"`);
        await queryRunner.query(`ALTER TABLE "clients" DROP COLUMN "previous_api_key_expires_at"`);
        await queryRunner.query(`ALTER TABLE "clients" DROP COLUMN "previous_api_key_hash"`);
    }

}
