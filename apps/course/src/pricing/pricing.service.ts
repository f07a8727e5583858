import { Injectable } from '@nestjs/common';
import type { QuoteReply } from '@azora/messaging';
import type { QuoteRequestDto } from './dto/quote-request.dto.js';
import { QuotesRepository } from './quotes.repository.js';

@Injectable()
export class PricingService {
  constructor(private readonly quotes: QuotesRepository) {}

  /** In the order asked, once each; unknown and unpublished courses are simply absent. */
  async quote(request: QuoteRequestDto): Promise<QuoteReply> {
    const courseIds = [...new Set(request.courseIds.map((id) => id.toLowerCase()))];
    if (courseIds.length === 0) return { courses: [] };
    const found = new Map(
      (await this.quotes.findPublishedForUser(request.userId, courseIds)).map((course) => [course.id, course]),
    );
    return { courses: courseIds.flatMap((id) => found.get(id) ?? []) };
  }
}
