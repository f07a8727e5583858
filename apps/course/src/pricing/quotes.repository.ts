import { Injectable } from '@nestjs/common';
import { ReadRouting } from '@azora/database';
import type { QuotedCourse } from '@azora/messaging';

@Injectable()
export class QuotesRepository {
  constructor(private readonly reads: ReadRouting) {}

  /**
   * Published courses among `courseIds`, each with whether the user already owns it: one query.
   * Prices and ownership decide a purchase, so the primary answers.
   */
  findPublishedForUser(userId: string, courseIds: string[]): Promise<QuotedCourse[]> {
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
