import { HttpStatus } from '@nestjs/common';
import { AppException, badRequest, conflict, notFound } from '@azora/errors';

/** Every client-visible payment error, by its stable code. */
export const PaymentErrors = {
  courseNotFound: (courseId: string) =>
    notFound('PAYMENT.COURSE_NOT_FOUND', `Course ${courseId} does not exist or is not published`),
  courseUnavailable: (courseId: string) =>
    conflict('PAYMENT.COURSE_UNAVAILABLE', `Course ${courseId} is no longer available; remove it from the cart`),
  alreadyOwned: (courseId: string) => conflict('PAYMENT.ALREADY_OWNED', `You already own course ${courseId}`),
  cartFull: (max: number) => conflict('PAYMENT.CART_FULL', `A cart holds at most ${max} courses: check out first`),
  alreadyInCart: (courseId: string) => conflict('PAYMENT.ALREADY_IN_CART', `Course ${courseId} is already in the cart`),
  freeCourse: (courseId: string) => conflict('PAYMENT.FREE_COURSE', `Course ${courseId} is free: enroll directly instead`),
  currencyMismatch: (expected: string, actual: string) =>
    conflict('PAYMENT.CURRENCY_MISMATCH', `The cart is in ${expected}; this course is priced in ${actual}`),
  cartEmpty: () => conflict('PAYMENT.CART_EMPTY', 'The cart is empty'),
  cartChanged: () => conflict('PAYMENT.CART_CHANGED', 'The cart changed during checkout; review it and try again'),
  orderNotFound: () => notFound('PAYMENT.ORDER_NOT_FOUND', 'No such order'),
  orderAlreadyPaid: () => conflict('PAYMENT.ORDER_ALREADY_PAID', 'This order is already paid'),
  idempotencyKeyRequired: () =>
    badRequest(
      'PAYMENT.IDEMPOTENCY_KEY_REQUIRED',
      'An Idempotency-Key header of 1 to 255 characters [A-Za-z0-9_-:.] is required',
    ),
  idempotencyKeyReused: () =>
    new AppException(
      HttpStatus.UNPROCESSABLE_ENTITY,
      'PAYMENT.IDEMPOTENCY_KEY_REUSED',
      'This Idempotency-Key was already used with a different request',
    ),
};
