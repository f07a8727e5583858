import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateUsers1764150000000 implements MigrationInterface {
  name = 'CreateUsers1764150000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TYPE "auth"."user_role" AS ENUM ('student', 'instructor', 'admin')`);
    await runner.query(`
      CREATE TABLE "auth"."users" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "email" text NOT NULL,
        "name" text NOT NULL,
        "password_hash" text NOT NULL,
        "role" "auth"."user_role" NOT NULL DEFAULT 'student',
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "users_email_key" UNIQUE ("email")
      )`);
    await runner.query(`CREATE INDEX "users_created_at_idx" ON "auth"."users" ("created_at")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "auth"."users"`);
    await runner.query(`DROP TYPE "auth"."user_role"`);
  }
}
