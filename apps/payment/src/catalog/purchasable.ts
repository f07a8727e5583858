import type { QuotedCourse } from '@azora/messaging';
import { PaymentErrors } from '../common/payment.errors.js';

/**
 * The checks a quoted course must pass to be bought: it exists (how a missing one is reported
 * differs between adding to the cart and checking out), it is not owned, and it is not free.
 */
export function assertPurchasable(
  courseId: string,
  quoted: QuotedCourse | undefined,
  whenMissing: (id: string) => Error,
): QuotedCourse {
  if (!quoted) throw whenMissing(courseId);
  if (quoted.alreadyEnrolled) throw PaymentErrors.alreadyOwned(courseId);
  if (quoted.priceCents <= 0) throw PaymentErrors.freeCourse(courseId);
  return quoted;
}
