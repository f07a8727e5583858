import { IsUUID } from 'class-validator';
import type { QuoteRequest } from '@azora/messaging';
import { CourseIdList } from '../../common/message-fields.js';

/** Payload of `COURSE_PATTERNS.quote`, validated by the global pipe. */
export class QuoteRequestDto implements QuoteRequest {
  @IsUUID('all')
  userId: string;

  @CourseIdList()
  courseIds: string[];
}
