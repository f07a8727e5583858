import { IsString, IsUUID, Length } from 'class-validator';
import type { GrantEnrollmentsRequest } from '@azora/messaging';
import { CourseIdList } from '../../common/message-fields.js';

/** Payload of `COURSE_PATTERNS.grantEnrollments`, validated by the global pipe. */
export class GrantEnrollmentsDto implements GrantEnrollmentsRequest {
  /** The sender's outbox event id: only logged, so any reasonable string is accepted. */
  @IsString()
  @Length(1, 200)
  eventId: string;

  @IsUUID('all')
  orderId: string;

  @IsUUID('all')
  userId: string;

  @CourseIdList()
  courseIds: string[];
}
