import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Each new index and the narrower one it replaces (its columns are a prefix of the new one's). */
const INDEXES = [
  {
    name: 'courses_published_created_at_id_idx',
    on: '"course"."courses" ("published", "created_at" DESC, "id" DESC)',
    replaces: 'courses_published_created_at_idx',
    was: '"course"."courses" ("published", "created_at" DESC)',
  },
  {
    name: 'courses_published_category_created_at_id_idx',
    on: '"course"."courses" ("published", "category", "created_at" DESC, "id" DESC)',
    replaces: 'courses_published_category_created_at_idx',
    was: '"course"."courses" ("published", "category", "created_at" DESC)',
  },
  { name: 'courses_published_title_id_idx', on: '"course"."courses" ("published", "title", "id")' },
  { name: 'courses_published_price_cents_id_idx', on: '"course"."courses" ("published", "price_cents", "id")' },
  {
    name: 'enrollments_user_id_enrolled_at_id_idx',
    on: '"course"."enrollments" ("user_id", "enrolled_at" DESC, "id" DESC)',
    replaces: 'enrollments_user_id_enrolled_at_idx',
    was: '"course"."enrollments" ("user_id", "enrolled_at" DESC)',
  },
] as const satisfies readonly { name: string; on: string; replaces?: string; was?: string }[];

/**
 * Keyset pagination orders by (sort column, id), both in one direction, and continues with a row
 * comparison on the pair: each catalog sort (newest, category + newest, title, price) and "my
 * enrollments" get a B-tree on exactly that, so a page is one index range scan whatever its depth.
 *
 * Built CONCURRENTLY, outside a transaction: on production-sized tables a plain CREATE INDEX would
 * block enrollments and course edits while it runs. An index left INVALID by an interrupted build
 * is dropped and rebuilt on the next attempt.
 */
export class KeysetIndexes1764400000000 implements MigrationInterface {
  name = 'KeysetIndexes1764400000000';
  transaction = false;

  async up(runner: QueryRunner): Promise<void> {
    for (const index of INDEXES) {
      await this.dropIfInvalid(runner, index.name);
      await runner.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS "${index.name}" ON ${index.on}`);
    }
    for (const index of INDEXES) {
      if ('replaces' in index) await runner.query(`DROP INDEX CONCURRENTLY IF EXISTS "course"."${index.replaces}"`);
    }
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const index of INDEXES) {
      if (!('was' in index)) continue;
      await this.dropIfInvalid(runner, index.replaces);
      await runner.query(`CREATE INDEX CONCURRENTLY IF NOT EXISTS "${index.replaces}" ON ${index.was}`);
    }
    for (const index of INDEXES) await runner.query(`DROP INDEX CONCURRENTLY IF EXISTS "course"."${index.name}"`);
  }

  private async dropIfInvalid(runner: QueryRunner, name: string): Promise<void> {
    const rows: unknown[] = await runner.query(
      `SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'course' AND c.relname = $1 AND NOT i.indisvalid`,
      [name],
    );
    if (rows.length > 0) await runner.query(`DROP INDEX CONCURRENTLY IF EXISTS "course"."${name}"`);
  }
}
