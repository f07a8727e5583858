import { Injectable } from '@nestjs/common';
import { ReadRouting } from '@azora/database';
import type { QuotedCourse } from '@azora/messaging';
import { CourseCache } from '../cache/course-cache.js';

@Injectable()
export class QuotesRepository {
  constructor(
    private readonly reads: ReadRouting,
    private readonly cache: CourseCache,
  ) {}

  /**
   * Published courses among `courseIds`, each with whether the user already owns it: one query.
   * Prices and ownership decide a purchase, so the primary answers on a miss; the data layer keeps
   * the answer under the versions of each course and of the user's enrollments, so a price change,
   * an unpublish or a new enrollment is seen by the next quote.
   */
  findPublishedForUser(userId: string, courseIds: string[]): Promise<QuotedCourse[]> {
    return this.cache.quotes(userId, courseIds, () => this.query(userId, courseIds));
  }

  private query(userId: string, courseIds: string[]): Promise<QuotedCourse[]> {
    return this.reads.primary((manager) =>
      manager.query(
        `SELECT c."id", c."title", c."price_cents" AS "priceCents", c."currency", (e."id" IS NOT NULL) AS "alreadyEnrolled"
         FROM "course"."courses" c
         LEFT JOIN "course"."enrollments" e ON e."course_id" = c."id" AND e."user_id" = $1
         WHERE c."id" = ANY($2::uuid[]) AND c."published"`,
        [userId, courseIds],
      ),
    );
  }
}
