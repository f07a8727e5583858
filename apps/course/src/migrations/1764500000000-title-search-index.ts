import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Catalog search is `title ILIKE '%q%'`: a trigram GIN index serves it instead of a scan of every
 * published course. The extension comes from provisioning (a superuser's job, not this role's).
 */
export class TitleSearchIndex1764500000000 implements MigrationInterface {
  name = 'TitleSearchIndex1764500000000';

  async up(runner: QueryRunner): Promise<void> {
    const [{ installed }] = (await runner.query(
      `SELECT count(*) > 0 AS installed FROM pg_extension WHERE extname = 'pg_trgm'`,
    )) as {
      installed: boolean;
    }[];
    if (!installed) throw new Error('pg_trgm is not installed in this database: run the provisioning step (see docs/deploy.md)');
    await runner.query(
      `CREATE INDEX IF NOT EXISTS "courses_title_trgm_idx" ON "course"."courses" USING gin ("title" public.gin_trgm_ops) WHERE "published"`,
    );
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP INDEX IF EXISTS "course"."courses_title_trgm_idx"`);
  }
}
