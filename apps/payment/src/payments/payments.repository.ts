import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import type { PaymentEntity } from './payment.entity.js';

export type NewPayment = Omit<PaymentEntity, 'createdAt'>;
export type StoredPayment = Pick<PaymentEntity, 'requestHash' | 'response'>;

/** Exported for the hot-query list's check (test/integration/data). */
export const PAYMENT_BY_KEY_SQL = `SELECT request_hash AS "requestHash", response FROM "payment"."payments" WHERE user_id = $1 AND idempotency_key = $2`;

@Injectable()
export class PaymentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** What a replay needs; hand-written, as is the insert: both run on every payment request. */
  async findByKey(userId: string, idempotencyKey: string, tx: Tx = this.dataSource.manager): Promise<StoredPayment | null> {
    const [row] = (await tx.query(PAYMENT_BY_KEY_SQL, [userId, idempotencyKey])) as StoredPayment[];
    return row ?? null;
  }

  /** Throws a unique violation when the user already used this idempotency key. */
  async insert(payment: NewPayment, tx: Tx): Promise<void> {
    await tx.query(
      `INSERT INTO "payment"."payments"
         (id, order_id, user_id, idempotency_key, request_hash, status, failure_code, provider_ref, amount_cents, currency, response)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11::jsonb)`,
      [
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
      ],
    );
  }
}
