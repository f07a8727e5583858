import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Adds a statement's per-category deltas, upserting the counter rows in category order. A count
 * that would fall below zero means the counts had drifted: the write fails instead. (A CHECK
 * constraint cannot say this: PostgreSQL checks it on the proposed row, -1, before the conflict turns
 * the insert into an update.)
 */
const applyDeltas = (deltas: string): string => `
      WITH applied AS (
        INSERT INTO "course"."catalog_counts" AS counts ("category", "published_courses")
        SELECT "category", "delta" FROM (${deltas}) AS deltas WHERE "delta" <> 0 ORDER BY "category"
        ON CONFLICT ("category") DO UPDATE SET "published_courses" = counts."published_courses" + EXCLUDED."published_courses"
        RETURNING "published_courses"
      )
      SELECT min("published_courses") INTO lowest FROM applied;`;

const INSERTED = `SELECT "category", count(*) AS "delta" FROM new_rows WHERE "published" GROUP BY "category"`;
const DELETED = `SELECT "category", -count(*) AS "delta" FROM old_rows WHERE "published" GROUP BY "category"`;
const UPDATED = `
  SELECT "category", sum("delta") AS "delta" FROM (
    SELECT "category", 1 AS "delta" FROM new_rows WHERE "published"
    UNION ALL
    SELECT "category", -1 FROM old_rows WHERE "published"
  ) AS changes GROUP BY "category"`;

/** One function for the four triggers; each branch reads only the transition tables its event has. */
const APPLY_FUNCTION = `
  CREATE FUNCTION "course"."catalog_counts_apply"() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE
    lowest bigint;
  BEGIN
    IF TG_OP = 'TRUNCATE' THEN
      DELETE FROM "course"."catalog_counts";
    ELSIF TG_OP = 'INSERT' THEN${applyDeltas(INSERTED)}
    ELSIF TG_OP = 'DELETE' THEN${applyDeltas(DELETED)}
    ELSE${applyDeltas(UPDATED)}
    END IF;
    IF lowest < 0 THEN
      RAISE EXCEPTION 'course.catalog_counts would fall below zero: the counts drifted from course.courses';
    END IF;
    RETURN NULL;
  END $$`;

const TRIGGERS = [
  `CREATE TRIGGER "courses_catalog_counts_insert" AFTER INSERT ON "course"."courses"
     REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "course"."catalog_counts_apply"()`,
  `CREATE TRIGGER "courses_catalog_counts_update" AFTER UPDATE ON "course"."courses"
     REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "course"."catalog_counts_apply"()`,
  `CREATE TRIGGER "courses_catalog_counts_delete" AFTER DELETE ON "course"."courses"
     REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "course"."catalog_counts_apply"()`,
  `CREATE TRIGGER "courses_catalog_counts_truncate" AFTER TRUNCATE ON "course"."courses"
     FOR EACH STATEMENT EXECUTE FUNCTION "course"."catalog_counts_apply"()`,
];

/**
 * The catalog's totals without a title search, kept exact by the database: published courses per
 * category, maintained in the writing transaction by statement-level triggers. Counting the rows
 * instead costs a scan of every published course of the listing (tens of milliseconds at 100,000
 * courses), on every cold page-mode request.
 *
 * Statement-level with transition tables: a bulk load of 4,000 courses costs one aggregate and at
 * most one upsert per category, not one per row. Concurrent writers are safe under READ COMMITTED:
 * each upsert adds its delta to the latest committed value under the counter row's lock, so writers
 * of one category serialise on that row until they commit, and a rollback undoes its delta. Rows are
 * upserted in category order, so two multi-category statements cannot deadlock on them. Title-only
 * edits have no delta and touch no counter row.
 */
export class CatalogCounts1764600000000 implements MigrationInterface {
  name = 'CatalogCounts1764600000000';

  async up(runner: QueryRunner): Promise<void> {
    // Until this transaction commits no course can be written: the initial counts and the triggers
    // take over at the same instant, so no write falls between them.
    await runner.query(`LOCK TABLE "course"."courses" IN SHARE ROW EXCLUSIVE MODE`);
    await runner.query(`
      CREATE TABLE "course"."catalog_counts" (
        "category" text PRIMARY KEY,
        "published_courses" bigint NOT NULL
      )`);
    await runner.query(APPLY_FUNCTION);
    for (const trigger of TRIGGERS) await runner.query(trigger);
    await runner.query(`
      INSERT INTO "course"."catalog_counts" ("category", "published_courses")
      SELECT "category", count(*) FROM "course"."courses" WHERE "published" GROUP BY "category"`);
  }

  async down(runner: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete', 'truncate']) {
      await runner.query(`DROP TRIGGER IF EXISTS "courses_catalog_counts_${event}" ON "course"."courses"`);
    }
    await runner.query(`DROP FUNCTION IF EXISTS "course"."catalog_counts_apply"()`);
    await runner.query(`DROP TABLE IF EXISTS "course"."catalog_counts"`);
  }
}
