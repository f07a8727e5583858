import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

export const PAYMENT_STATUSES = ['succeeded', 'failed'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** The body `POST /api/payments` answered with; replayed verbatim for a repeated idempotency key. */
export interface StoredPaymentResponse {
  paymentId: string;
  orderId: string;
  status: PaymentStatus;
  failureCode?: string;
}

/** One charge attempt. (user_id, idempotency_key) is unique: a key charges at most once. */
@Entity({ name: 'payments' })
export class PaymentEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Column({ name: 'order_id', type: 'uuid' })
  orderId: string;

  @Column({ name: 'user_id', type: 'uuid' })
  userId: string;

  @Column({ name: 'idempotency_key', type: 'text' })
  idempotencyKey: string;

  @Column({ name: 'request_hash', type: 'text' })
  requestHash: string;

  @Column({ type: 'enum', enum: PAYMENT_STATUSES, enumName: 'payment_status' })
  status: PaymentStatus;

  @Column({ name: 'failure_code', type: 'text', nullable: true })
  failureCode: string | null;

  @Column({ name: 'provider_ref', type: 'text', nullable: true })
  providerRef: string | null;

  @Column({ name: 'amount_cents', type: 'integer' })
  amountCents: number;

  @Column({ type: 'text' })
  currency: string;

  @Column({ type: 'jsonb' })
  response: StoredPaymentResponse;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}
