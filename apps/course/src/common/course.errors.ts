import { HttpStatus } from '@nestjs/common';
import { AppException, badRequest, conflict, forbidden, notFound } from '@azora/errors';

// @azora/errors has no 402 helper yet, so this one is built from AppException directly.
export const paymentRequired = (): AppException =>
  new AppException(HttpStatus.PAYMENT_REQUIRED, 'COURSE.PAYMENT_REQUIRED', 'This course must be bought before enrolling');

export const courseNotFound = (): AppException => notFound('COURSE.NOT_FOUND', 'The course does not exist');

export const notEnrolled = (): AppException => forbidden('COURSE.NOT_ENROLLED', 'Enroll in this course to open its content');

export const notCourseOwner = (): AppException =>
  forbidden('COURSE.NOT_OWNER', 'Only the course instructor or an admin may change it');

export const invalidCourseId = (): AppException => badRequest('COURSE.INVALID_ID', 'The course id must be a UUID');

export const courseChanged = (): AppException => conflict('COURSE.CHANGED', 'The course changed while enrolling; try again');
