import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { QuotedCourse } from '@azora/messaging';

@Injectable()
export class QuotesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Published courses among `courseIds`, each with whether the user already owns it: one query. */
  findPublishedForUser(userId: string, courseIds: string[]): Promise<QuotedCourse[]> {
    return this.dataSource.query(
      `SELECT c."id", c."title", c."price_cents" AS "priceCents", c."currency", (e."id" IS NOT NULL) AS "alreadyEnrolled"
       FROM "course"."courses" c
       LEFT JOIN "course"."enrollments" e ON e."course_id" = c."id" AND e."user_id" = $1
       WHERE c."id" = ANY($2::uuid[]) AND c."published"`,
      [userId, courseIds],
    );
  }
}
