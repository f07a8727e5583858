import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreatePaymentTables1764160000000 implements MigrationInterface {
  name = 'CreatePaymentTables1764160000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`CREATE TYPE "payment"."order_status" AS ENUM ('pending', 'paid', 'failed')`);
    await runner.query(`CREATE TYPE "payment"."payment_status" AS ENUM ('succeeded', 'failed')`);
    await runner.query(`CREATE TYPE "payment"."outbox_state" AS ENUM ('pending', 'delivered')`);
    await runner.query(`
      CREATE TABLE "payment"."cart_items" (
        "user_id" uuid NOT NULL,
        "course_id" uuid NOT NULL,
        "title" text NOT NULL,
        "price_cents" integer NOT NULL CHECK ("price_cents" > 0),
        "currency" text NOT NULL,
        "added_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "cart_items_pkey" PRIMARY KEY ("user_id", "course_id")
      )`);
    await runner.query(`
      CREATE TABLE "payment"."orders" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "status" "payment"."order_status" NOT NULL DEFAULT 'pending',
        "total_cents" integer NOT NULL CHECK ("total_cents" > 0),
        "currency" text NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX "orders_user_created_idx" ON "payment"."orders" ("user_id", "created_at" DESC)`);
    await runner.query(`
      CREATE TABLE "payment"."order_items" (
        "order_id" uuid NOT NULL REFERENCES "payment"."orders" ("id") ON DELETE CASCADE,
        "course_id" uuid NOT NULL,
        "title" text NOT NULL,
        "price_cents" integer NOT NULL CHECK ("price_cents" > 0),
        CONSTRAINT "order_items_pkey" PRIMARY KEY ("order_id", "course_id")
      )`);
    await this.createPayments(runner);
    await this.createOutbox(runner);
  }

  private async createPayments(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE "payment"."payments" (
        "id" uuid PRIMARY KEY,
        "order_id" uuid NOT NULL REFERENCES "payment"."orders" ("id"),
        "user_id" uuid NOT NULL,
        "idempotency_key" text NOT NULL,
        "request_hash" text NOT NULL,
        "status" "payment"."payment_status" NOT NULL,
        "failure_code" text,
        "provider_ref" text,
        "amount_cents" integer NOT NULL,
        "currency" text NOT NULL,
        "response" jsonb NOT NULL,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "payments_user_idempotency_key" UNIQUE ("user_id", "idempotency_key")
      )`);
    await runner.query(`CREATE INDEX "payments_order_idx" ON "payment"."payments" ("order_id")`);
  }

  private async createOutbox(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE "payment"."outbox" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "type" text NOT NULL,
        "payload" jsonb NOT NULL,
        "state" "payment"."outbox_state" NOT NULL DEFAULT 'pending',
        "attempts" integer NOT NULL DEFAULT 0,
        "next_attempt_at" timestamptz NOT NULL DEFAULT now(),
        "last_error" text,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "delivered_at" timestamptz
      )`);
    await runner.query(`
      CREATE INDEX "outbox_pending_due_idx" ON "payment"."outbox" ("state", "next_attempt_at") WHERE "state" = 'pending'`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const table of ['outbox', 'payments', 'order_items', 'orders', 'cart_items']) {
      await runner.query(`DROP TABLE "payment"."${table}"`);
    }
    for (const type of ['outbox_state', 'payment_status', 'order_status']) {
      await runner.query(`DROP TYPE "payment"."${type}"`);
    }
  }
}
