import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { pageOffset, type PageRequest } from '../common/pagination.js';
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

@Injectable()
export class EnrollmentsRepository {
  constructor(@InjectRepository(EnrollmentEntity) private readonly enrollments: Repository<EnrollmentEntity>) {}

  async find(userId: string, courseId: string): Promise<EnrollmentRow | undefined> {
    const rows: EnrollmentRow[] = await this.enrollments.query(
      `SELECT ${ROW_COLUMNS} FROM "course"."enrollments" WHERE "user_id" = $1 AND "course_id" = $2`,
      [userId, courseId],
    );
    return rows[0];
  }

  /** The new enrollment, or undefined when one already existed (the unique index decides, so races are safe). */
  async insertIfAbsent(userId: string, courseId: string): Promise<EnrollmentRow | undefined> {
    const rows: EnrollmentRow[] = await this.enrollments.query(
      `INSERT INTO "course"."enrollments" ("user_id", "course_id") VALUES ($1, $2)
       ON CONFLICT ("user_id", "course_id") DO NOTHING
       RETURNING ${ROW_COLUMNS}`,
      [userId, courseId],
    );
    return rows[0];
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
    return rows.length;
  }

  async findPageForUser(userId: string, page: PageRequest): Promise<{ rows: MyEnrollmentRow[]; total: number }> {
    const [rows, counted] = await Promise.all([
      this.enrollments.query(
        `SELECT e."course_id" AS "courseId", c."title", e."enrolled_at" AS "enrolledAt"
         FROM "course"."enrollments" e JOIN "course"."courses" c ON c."id" = e."course_id"
         WHERE e."user_id" = $1
         ORDER BY e."enrolled_at" DESC, e."id" DESC
         OFFSET $2 LIMIT $3`,
        [userId, pageOffset(page), page.limit],
      ) as Promise<MyEnrollmentRow[]>,
      this.enrollments.query(`SELECT count(*)::int AS "total" FROM "course"."enrollments" WHERE "user_id" = $1`, [
        userId,
      ]) as Promise<{ total: number }[]>,
    ]);
    return { rows, total: counted[0]?.total ?? 0 };
  }
}
