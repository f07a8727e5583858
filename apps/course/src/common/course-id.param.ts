import { Param, ParseUUIDPipe } from '@nestjs/common';
import { invalidCourseId } from './course.errors.js';

/** The `:id` route parameter, 400 `COURSE.INVALID_ID` unless it is a UUID (PostgreSQL would 500 on it). */
export const CourseIdParam = (): ParameterDecorator => Param('id', new ParseUUIDPipe({ exceptionFactory: invalidCourseId }));
