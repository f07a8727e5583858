import { Inject, Injectable } from '@nestjs/common';
import { ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { APP_CONFIG } from '@azora/config';
import { COURSE_CLIENT, COURSE_PATTERNS, type GrantEnrollmentsReply, type GrantEnrollmentsRequest } from '@azora/messaging';
import type { PaymentEnv } from '../config/payment.env.js';

/** Asks the course service to grant a paid order's enrollments; resolves only on its acknowledgement. */
@Injectable()
export class EnrollmentsClient {
  private readonly timeoutMs: number;

  constructor(
    @Inject(COURSE_CLIENT) private readonly client: ClientProxy,
    @Inject(APP_CONFIG) config: PaymentEnv,
  ) {
    this.timeoutMs = config.OUTBOX_DELIVERY_TIMEOUT_MS;
  }

  /** Rejects on timeout, transport error, an error reply or a reply that is not an acknowledgement. */
  async grant(request: GrantEnrollmentsRequest): Promise<void> {
    const reply = await firstValueFrom(
      this.client
        .send<GrantEnrollmentsReply | undefined, GrantEnrollmentsRequest>(COURSE_PATTERNS.grantEnrollments, request)
        .pipe(timeout(this.timeoutMs)),
    );
    if (reply?.acknowledged !== true) throw new Error('the course service did not acknowledge the grant');
  }
}
