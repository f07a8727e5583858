import type { MigrationInterface, QueryRunner } from 'typeorm';

const INDEX = 'courses_published_category_id_title_idx';

/**
 * A title search inside a category (`category = $2 AND title ILIKE $1`): the trigram index cannot
 * filter by category, so its candidates from every category were rechecked on their rows until 201
 * matched the category, ~3,000 of them (7–20 ms) in a small one. This B-tree holds each category's
 * titles in the index itself, so the capped count scans just that category, index-only, and stops at
 * its 201st match; the planner keeps the trigram index for rare patterns. Keyed by id, a random
 * UUID, not by title: titles open with a handful of template words ("Practical …"), so in title
 * order the matches of a common word sit in one late stretch, and the scan would pass most of the
 * category before reaching them (13 ms for "pract" in programming, against ~1 ms in id order).
 *
 * Built CONCURRENTLY, outside a transaction, as the keyset indexes are; an index left INVALID by an
 * interrupted build is dropped and rebuilt on the next attempt.
 */
export class CategoryTitleIndex1764700000000 implements MigrationInterface {
  name = 'CategoryTitleIndex1764700000000';
  transaction = false;

  async up(runner: QueryRunner): Promise<void> {
    const invalid: unknown[] = await runner.query(
      `SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'course' AND c.relname = $1 AND NOT i.indisvalid`,
      [INDEX],
    );
    if (invalid.length > 0) await runner.query(`DROP INDEX CONCURRENTLY IF EXISTS "course"."${INDEX}"`);
    await runner.query(
      `CREATE INDEX CONCURRENTLY IF NOT EXISTS "${INDEX}" ON "course"."courses" ("published", "category", "id") INCLUDE ("title")`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX CONCURRENTLY IF EXISTS "course"."${INDEX}"`);
  }
}
