import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import type { OrderStatus } from '../orders/order.entity.js';
import { PAID_COURSES_SQL } from '../orders/orders.repository.js';
import type { OrderPaidPayload } from '../outbox/outbox-event.entity.js';
import type { PaymentEntity } from './payment.entity.js';

export type NewPayment = Omit<PaymentEntity, 'createdAt'>;
export type StoredPayment = Pick<PaymentEntity, 'requestHash' | 'response'>;

/** Exported for the hot-query list's check (test/integration/data). */
export const PAYMENT_BY_KEY_SQL = `SELECT request_hash AS "requestHash", response FROM "payment"."payments" WHERE user_id = $1 AND idempotency_key = $2`;

export interface PriorOutcome {
  previous: StoredPayment | null;
  ownedCourseId: string | null;
}

export interface NewOutboxEvent {
  type: string;
  payload: OrderPaidPayload;
}

/** Exported for the hot-query list's check. */
export const PRIOR_OUTCOME_SQL = `SELECT
    (SELECT json_build_object('requestHash', request_hash, 'response', response)
       FROM "payment"."payments" WHERE user_id = $1 AND idempotency_key = $3) AS previous,
    (${PAID_COURSES_SQL} LIMIT 1) AS "ownedCourseId"`;

/** Exported for the hot-query list's check. The three writes share one snapshot and one fate. */
export const RECORD_CHARGE_SQL = `WITH payment AS (
    INSERT INTO "payment"."payments"
      (id, order_id, user_id, idempotency_key, request_hash, status, failure_code, provider_ref, amount_cents, currency, response)
    VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)),
  order_status AS (
    UPDATE "payment"."orders" SET status = $12::"payment"."order_status", updated_at = now() WHERE id = $2),
  event AS (
    INSERT INTO "payment"."outbox" (type, payload) SELECT $13::text, $14::jsonb WHERE $13::text IS NOT NULL)
  SELECT 1`;

@Injectable()
export class PaymentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** What a replay needs; the statements here are hand-written, as they run on every payment request. */
  async findByKey(userId: string, idempotencyKey: string, tx: Tx = this.dataSource.manager): Promise<StoredPayment | null> {
    const [row] = (await tx.query(PAYMENT_BY_KEY_SQL, [userId, idempotencyKey])) as StoredPayment[];
    return row ?? null;
  }

  /**
   * What decides a payment once its user's purchases are locked, in one statement: a payment already
   * made with this key, and a course of the order the user already paid for through another order.
   */
  async priorOutcome(userId: string, idempotencyKey: string, courseIds: string[], tx: Tx): Promise<PriorOutcome> {
    const [row] = (await tx.query(PRIOR_OUTCOME_SQL, [userId, courseIds, idempotencyKey])) as PriorOutcome[];
    return row!;
  }

  /**
   * The charge's outcome in one statement: the payment (throws a unique violation when the user
   * already used this key), the order's new status, and for a paid order the event that grants it.
   */
  async recordCharge(payment: NewPayment, orderStatus: OrderStatus, event: NewOutboxEvent | undefined, tx: Tx): Promise<void> {
    await tx.query(RECORD_CHARGE_SQL, [
      payment.id,
      payment.orderId,
      payment.userId,
      payment.idempotencyKey,
      payment.requestHash,
      payment.status,
      payment.failureCode,
      payment.providerRef,
      payment.amountCents,
      payment.currency,
      JSON.stringify(payment.response),
      orderStatus,
      event?.type ?? null,
      event ? JSON.stringify(event.payload) : null,
    ]);
  }
}
