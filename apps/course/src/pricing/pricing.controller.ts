import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { COURSE_PATTERNS, type QuoteReply } from '@azora/messaging';
import { QuoteRequestDto } from './dto/quote-request.dto.js';
import { PricingService } from './pricing.service.js';

@Controller()
export class PricingController {
  constructor(private readonly pricing: PricingService) {}

  @MessagePattern(COURSE_PATTERNS.quote)
  quote(@Payload() request: QuoteRequestDto): Promise<QuoteReply> {
    return this.pricing.quote(request);
  }
}
