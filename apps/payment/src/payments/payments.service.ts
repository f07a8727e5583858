import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { isUniqueViolation } from '@azora/database';
import { PaymentErrors } from '../common/payment.errors.js';
import { UnitOfWork, type Tx } from '../database/unit-of-work.js';
import type { OrderEntity } from '../orders/order.entity.js';
import { OrdersRepository } from '../orders/orders.repository.js';
import { ORDER_PAID_EVENT } from '../outbox/outbox-event.entity.js';
import { OutboxRelay } from '../outbox/outbox.relay.js';
import { toPaymentResponse, type CreatePaymentDto, type PaymentResponseDto } from './dto/payment.dto.js';
import { hashPaymentRequest } from './idempotency.js';
import type { StoredPaymentResponse } from './payment.entity.js';
import { PaymentsRepository, type StoredPayment } from './payments.repository.js';
import { PAYMENT_PROVIDER, type PaymentProvider } from './provider/payment-provider.js';

interface Attempt {
  userId: string;
  idempotencyKey: string;
  requestHash: string;
  token: string;
}

interface Outcome {
  response: StoredPaymentResponse;
  paid: boolean;
}

@Injectable()
export class PaymentsService {
  constructor(
    private readonly orders: OrdersRepository,
    private readonly payments: PaymentsRepository,
    private readonly relay: OutboxRelay,
    private readonly uow: UnitOfWork,
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider,
  ) {}

  async pay(userId: string, idempotencyKey: string, dto: CreatePaymentDto): Promise<PaymentResponseDto> {
    const attempt: Attempt = { userId, idempotencyKey, requestHash: hashPaymentRequest(dto), token: dto.paymentMethod.token };
    const outcome = await this.uow
      .run((tx) => this.payInTransaction(dto.orderId, attempt, tx))
      .catch((error: unknown) => {
        // The key's unique index caught a racing request for another order of this user: it won, so answer as a replay.
        if (isUniqueViolation(error)) return this.replayCommitted(attempt);
        throw error;
      });
    if (outcome.paid) this.relay.kick();
    return toPaymentResponse(outcome.response);
  }

  /**
   * One transaction: the order row lock makes requests for one order (and so every retry of one
   * key) run one at a time; whoever comes second finds the first one's payment and replays it.
   */
  private async payInTransaction(orderId: string, attempt: Attempt, tx: Tx): Promise<Outcome> {
    const order = await this.orders.lockForUser(orderId, attempt.userId, tx);
    if (!order) throw PaymentErrors.orderNotFound();
    // Another pending order may hold the same course: the user's payments run one at a time, the first one paid wins.
    await this.orders.lockPurchasesOf(attempt.userId, tx);
    const courseIds = order.items.map((item) => item.courseId);
    const prior = await this.payments.priorOutcome(attempt.userId, attempt.idempotencyKey, courseIds, tx);
    if (prior.previous) return { response: replay(prior.previous, attempt.requestHash), paid: false };
    if (order.status === 'paid') throw PaymentErrors.orderAlreadyPaid();
    if (prior.ownedCourseId) throw PaymentErrors.alreadyOwned(prior.ownedCourseId);
    return this.charge(order, attempt, tx);
  }

  private async charge(order: OrderEntity, attempt: Attempt, tx: Tx): Promise<Outcome> {
    const result = await this.provider.charge({
      amountCents: order.totalCents,
      currency: order.currency,
      token: attempt.token,
      idempotencyKey: `${attempt.userId}:${attempt.idempotencyKey}`,
    });
    const failureCode = result.status === 'failed' ? result.failureCode : null;
    const response: StoredPaymentResponse = { paymentId: randomUUID(), orderId: order.id, status: result.status };
    if (failureCode) response.failureCode = failureCode;
    const paid = result.status === 'succeeded';
    const grant = { orderId: order.id, userId: attempt.userId, courseIds: order.items.map((i) => i.courseId) };
    await this.payments.recordCharge(
      {
        id: response.paymentId,
        orderId: order.id,
        userId: attempt.userId,
        idempotencyKey: attempt.idempotencyKey,
        requestHash: attempt.requestHash,
        status: result.status,
        failureCode,
        providerRef: result.providerRef,
        amountCents: order.totalCents,
        currency: order.currency,
        response,
      },
      paid ? 'paid' : 'failed',
      paid ? { type: ORDER_PAID_EVENT, payload: grant } : undefined,
      tx,
    );
    return { response, paid };
  }

  private async replayCommitted(attempt: Attempt): Promise<Outcome> {
    const previous = await this.payments.findByKey(attempt.userId, attempt.idempotencyKey);
    if (!previous) throw new Error('idempotency key conflict without a stored payment');
    return { response: replay(previous, attempt.requestHash), paid: false };
  }
}

function replay(previous: StoredPayment, requestHash: string): StoredPaymentResponse {
  if (previous.requestHash !== requestHash) throw PaymentErrors.idempotencyKeyReused();
  return previous.response;
}
