import { MigrationInterface, QueryRunner } from "typeorm";

export class Notifications1795323570728 implements MigrationInterface {
    name = 'Notifications1795323570728'

    public async up(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`CREATE TABLE "domain_event_receipts" ("id" uuid NOT NULL, "type" text NOT NULL, "client_id" uuid NOT NULL, "environment" text NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_9327b7527de94516f94ae2732fb" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE TABLE "notifications" ("id" uuid NOT NULL, "client_id" uuid NOT NULL, "environment" text NOT NULL, "type" text NOT NULL, "category" text NOT NULL, "body" text NOT NULL, "status" text NOT NULL, "hook_id" uuid, "attempts" integer NOT NULL DEFAULT '0', "first_attempted_at" TIMESTAMP WITH TIME ZONE, "last_attempted_at" TIMESTAMP WITH TIME ZONE, "next_attempt_at" TIMESTAMP WITH TIME ZONE, "last_response_status" integer, "last_error" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6a72c3c0f683f6462415e653c3a" PRIMARY KEY ("id"))`);
        await queryRunner.query(`CREATE INDEX "notifications_client_environment_created" ON "notifications"  ("client_id", "environment", "created_at") `);
        await queryRunner.query(`CREATE TABLE "notification_preferences" ("client_id" uuid NOT NULL, "environment" text NOT NULL, "category" text NOT NULL, "enabled" boolean NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f724b15b777b4c4e4e17d84c6ec" PRIMARY KEY ("client_id", "environment", "category"))`);
    }

    public async down(queryRunner: QueryRunner): Promise<void> {
        await queryRunner.query(`DROP TABLE "notification_preferences"`);
        await queryRunner.query(`DROP INDEX "public"."notifications_client_environment_created"`);
        await queryRunner.query(`DROP TABLE "notifications"`);
        await queryRunner.query(`DROP TABLE "domain_event_receipts"`);
    }

}
