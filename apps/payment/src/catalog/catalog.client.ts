import { Inject, Injectable, Logger } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { APP_CONFIG } from '@azora/config';
import { serviceUnavailable, type AppException } from '@azora/errors';
import { COURSE_CLIENT, COURSE_PATTERNS, type QuoteReply, type QuoteRequest, type QuotedCourse } from '@azora/messaging';
import { errorMessage } from '../common/error-message.js';
import type { PaymentEnv } from '../config/payment.env.js';

export const CATALOG_UNAVAILABLE = (): AppException =>
  serviceUnavailable('PAYMENT.CATALOG_UNAVAILABLE', 'The course catalog is unavailable; try again shortly');

const isQuoteReply = (reply: unknown): reply is QuoteReply =>
  typeof reply === 'object' && reply !== null && Array.isArray((reply as QuoteReply).courses);

/** Titles and prices come from the course service only, never from the client. */
@Injectable()
export class CatalogClient {
  private readonly logger = new Logger(CatalogClient.name);
  private readonly timeoutMs: number;

  constructor(
    @Inject(COURSE_CLIENT) private readonly client: ClientProxy,
    @Inject(APP_CONFIG) config: PaymentEnv,
  ) {
    this.timeoutMs = config.CATALOG_TIMEOUT_MS;
  }

  /** The published courses among `courseIds`, by id; unknown and unpublished ones are absent. */
  async quote(userId: string, courseIds: string[]): Promise<Map<string, QuotedCourse>> {
    const request: QuoteRequest = { userId, courseIds };
    let reply: unknown;
    try {
      reply = await firstValueFrom(
        this.client.send<unknown, QuoteRequest>(COURSE_PATTERNS.quote, request).pipe(timeout(this.timeoutMs)),
      );
    } catch (error) {
      this.logger.warn(`course quote failed: ${errorMessage(error)}`);
      throw CATALOG_UNAVAILABLE();
    }
    if (!isQuoteReply(reply)) {
      this.logger.warn('course quote returned an unexpected reply');
      throw CATALOG_UNAVAILABLE();
    }
    return new Map(reply.courses.filter((course) => courseIds.includes(course.id)).map((course) => [course.id, course]));
  }
}
