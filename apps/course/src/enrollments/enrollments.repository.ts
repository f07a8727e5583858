import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { ReadRouting } from '@azora/database';
import { CourseCache } from '../cache/course-cache.js';
import { filtersHash, type CursorScope } from '../common/cursor.js';
import { keysetPredicate, orderBySql, sortValueSql, type KeyedRow, type KeysetOrder, type RowWindow } from '../common/keyset.js';
import { EnrollmentEntity } from './enrollment.entity.js';

export interface EnrollmentRow {
  courseId: string;
  userId: string;
  enrolledAt: Date;
}

export interface MyEnrollmentRow {
  courseId: string;
  title: string;
  enrolledAt: Date;
}

const ROW_COLUMNS = `"course_id" AS "courseId", "user_id" AS "userId", "enrolled_at" AS "enrolledAt"`;

/**
 * Inserts only while the course row itself is free and visible to the user ($3: an admin), so a
 * cached view of the course that is behind a write never enrolls anyone. The existing row is read
 * with the statement's snapshot, from before the insert: at most one row comes back.
 */
export const INSERT_OR_FIND_SQL = `WITH inserted AS (
    INSERT INTO "course"."enrollments" ("user_id", "course_id")
    SELECT $1, c."id" FROM "course"."courses" c
     WHERE c."id" = $2 AND c."price_cents" = 0 AND (c."published" OR c."instructor_id" = $1 OR $3::boolean)
    ON CONFLICT ("user_id", "course_id") DO NOTHING
    RETURNING ${ROW_COLUMNS})
  SELECT *, true AS "created" FROM inserted
  UNION ALL
  SELECT ${ROW_COLUMNS}, false AS "created" FROM "course"."enrollments" WHERE "user_id" = $1 AND "course_id" = $2`;

/** Newest first; the id breaks ties between enrollments of one instant. */
const MINE_ORDER: KeysetOrder = { column: 'e."enrolled_at"', type: 'timestamptz', idColumn: 'e."id"', direction: 'DESC' };
export const MINE_CURSOR_SCOPE: CursorScope = {
  sort: '-enrolledAt',
  filters: filtersHash('enrollments/me', '-enrolledAt'),
  valueType: MINE_ORDER.type,
};

@Injectable()
export class EnrollmentsRepository {
  constructor(
    @InjectRepository(EnrollmentEntity) private readonly enrollments: Repository<EnrollmentEntity>,
    private readonly reads: ReadRouting,
    private readonly cache: CourseCache,
  ) {}

  /** Decides access to content and paid enrollment, so it reads the primary. */
  async find(userId: string, courseId: string): Promise<EnrollmentRow | undefined> {
    const rows: EnrollmentRow[] = await this.reads.primary((manager) =>
      manager.query(`SELECT ${ROW_COLUMNS} FROM "course"."enrollments" WHERE "user_id" = $1 AND "course_id" = $2`, [
        userId,
        courseId,
      ]),
    );
    return rows[0];
  }

  /**
   * The user's enrollment, inserted when absent and the course allows it, in one statement: the
   * unique index decides, so racing enrollments are safe. `created` tells whether this call wrote it;
   * undefined when there is none and the course (now) refuses one.
   */
  async insertOrFind(
    userId: string,
    courseId: string,
    admin: boolean,
  ): Promise<{ row: EnrollmentRow; created: boolean } | undefined> {
    const rows: (EnrollmentRow & { created: boolean })[] = await this.enrollments.query(INSERT_OR_FIND_SQL, [
      userId,
      courseId,
      admin,
    ]);
    const [first] = rows;
    if (first) {
      const { created, ...row } = first;
      if (created) await this.cache.enrollmentsChanged(userId);
      return { row, created };
    }
    // Or a concurrent enrollment committed after this statement's snapshot: the conflict hid it from both halves.
    const row = await this.find(userId, courseId);
    return row && { row, created: false };
  }

  /**
   * Enrolls the user in each existing course of the order that they are not yet enrolled in, in one
   * statement (so one transaction, committed when the promise resolves). Returns how many were new.
   */
  async grantForOrder(userId: string, courseIds: string[], orderId: string): Promise<number> {
    const rows: unknown[] = await this.enrollments.query(
      `INSERT INTO "course"."enrollments" ("user_id", "course_id", "source_order_id")
       SELECT $1, "id", $3 FROM "course"."courses" WHERE "id" = ANY($2::uuid[])
       ON CONFLICT ("user_id", "course_id") DO NOTHING
       RETURNING "id"`,
      [userId, courseIds, orderId],
    );
    if (rows.length > 0) await this.cache.enrollmentsChanged(userId);
    return rows.length;
  }

  /** One page of the user's enrollments with their course titles, in one query; the primary, as users expect their own writes. */
  async findPageForUser(userId: string, window: RowWindow): Promise<KeyedRow<MyEnrollmentRow>[]> {
    const after = window.after ? [window.after.value, window.after.id] : [];
    const rows: (MyEnrollmentRow & { id: string; sortValue: string })[] = await this.reads.primary((manager) =>
      manager.query(
        `SELECT e."id", e."course_id" AS "courseId", c."title", e."enrolled_at" AS "enrolledAt",
                ${sortValueSql(MINE_ORDER)} AS "sortValue"
         FROM "course"."enrollments" e JOIN "course"."courses" c ON c."id" = e."course_id"
         WHERE e."user_id" = $1 ${window.after ? `AND ${keysetPredicate(MINE_ORDER, '$4', '$5')}` : ''}
         ORDER BY ${orderBySql(MINE_ORDER)}
         OFFSET $2 LIMIT $3`,
        [userId, window.offset, window.take, ...after],
      ),
    );
    return rows.map(({ id, sortValue, ...row }) => ({ row, position: { value: sortValue, id } }));
  }

  async countForUser(userId: string): Promise<number> {
    const rows: { total: number }[] = await this.reads.primary((manager) =>
      manager.query(`SELECT count(*)::int AS "total" FROM "course"."enrollments" WHERE "user_id" = $1`, [userId]),
    );
    return rows[0]?.total ?? 0;
  }
}
