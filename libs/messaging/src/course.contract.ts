/**
 * The course service's message API over NATS (request-reply, queue group `course`).
 * Payment never reads course tables: it asks here.
 */
export const COURSE_PATTERNS = {
  /** Authoritative titles and prices of published courses, plus whether the buyer already owns them. */
  quote: 'course.quote',
  /** Grant enrollments for a paid order. Idempotent per (user, course); replies only once committed. */
  grantEnrollments: 'course.enrollments.grant',
} as const;

export interface QuoteRequest {
  userId: string;
  courseIds: string[];
}

export interface QuotedCourse {
  id: string;
  title: string;
  priceCents: number;
  currency: string;
  alreadyEnrolled: boolean;
}

export interface QuoteReply {
  courses: QuotedCourse[];
}

export interface GrantEnrollmentsRequest {
  eventId: string;
  orderId: string;
  userId: string;
  courseIds: string[];
}

export interface GrantEnrollmentsReply {
  acknowledged: true;
  granted: number;
}
