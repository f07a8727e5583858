import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCourseTables1764160000000 implements MigrationInterface {
  name = 'CreateCourseTables1764160000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE "course"."courses" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "title" text NOT NULL,
        "slug" text NOT NULL,
        "description" text NOT NULL,
        "category" text NOT NULL,
        "price_cents" integer NOT NULL,
        "currency" char(3) NOT NULL DEFAULT 'USD',
        "instructor_id" uuid NOT NULL,
        "published" boolean NOT NULL DEFAULT false,
        "lesson_count" integer NOT NULL DEFAULT 0,
        "created_at" timestamptz NOT NULL DEFAULT now(),
        "updated_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "courses_slug_key" UNIQUE ("slug"),
        CONSTRAINT "courses_price_cents_check" CHECK ("price_cents" >= 0),
        CONSTRAINT "courses_lesson_count_check" CHECK ("lesson_count" >= 0)
      )`);
    await runner.query(`CREATE INDEX "courses_published_created_at_idx" ON "course"."courses" ("published", "created_at" DESC)`);
    await runner.query(
      `CREATE INDEX "courses_published_category_created_at_idx" ON "course"."courses" ("published", "category", "created_at" DESC)`,
    );
    await runner.query(`CREATE INDEX "courses_instructor_id_idx" ON "course"."courses" ("instructor_id")`);

    await runner.query(`
      CREATE TABLE "course"."lessons" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "course_id" uuid NOT NULL REFERENCES "course"."courses" ("id") ON DELETE CASCADE,
        "position" integer NOT NULL,
        "title" text NOT NULL,
        "body" text NOT NULL,
        CONSTRAINT "lessons_course_id_position_key" UNIQUE ("course_id", "position"),
        CONSTRAINT "lessons_position_check" CHECK ("position" >= 1)
      )`);

    // No cascade: a bought enrollment must never vanish with a course row.
    await runner.query(`
      CREATE TABLE "course"."enrollments" (
        "id" uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        "user_id" uuid NOT NULL,
        "course_id" uuid NOT NULL REFERENCES "course"."courses" ("id"),
        "source_order_id" uuid,
        "enrolled_at" timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT "enrollments_user_id_course_id_key" UNIQUE ("user_id", "course_id")
      )`);
    await runner.query(
      `CREATE INDEX "enrollments_user_id_enrolled_at_idx" ON "course"."enrollments" ("user_id", "enrolled_at" DESC)`,
    );
    await runner.query(`CREATE INDEX "enrollments_course_id_idx" ON "course"."enrollments" ("course_id")`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE "course"."enrollments"`);
    await runner.query(`DROP TABLE "course"."lessons"`);
    await runner.query(`DROP TABLE "course"."courses"`);
  }
}
