import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { COURSE_PATTERNS, type GrantEnrollmentsReply } from '@azora/messaging';
import { GrantEnrollmentsDto } from './dto/grant-enrollments.dto.js';
import { EnrollmentsService } from './enrollments.service.js';

@Controller()
export class EnrollmentGrantsController {
  constructor(private readonly enrollments: EnrollmentsService) {}

  /** The reply is the payment service's acknowledgement, so it is sent only once the grant committed. */
  @MessagePattern(COURSE_PATTERNS.grantEnrollments)
  async grant(@Payload() request: GrantEnrollmentsDto): Promise<GrantEnrollmentsReply> {
    return { acknowledged: true, granted: await this.enrollments.grant(request) };
  }
}
