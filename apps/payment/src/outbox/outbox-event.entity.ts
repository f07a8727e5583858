import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

export const OUTBOX_STATES = ['pending', 'delivered'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

export const ORDER_PAID_EVENT = 'order.paid';

export interface OrderPaidPayload {
  orderId: string;
  userId: string;
  courseIds: string[];
}

/** An event written in the same transaction as the change it announces, delivered later by the relay. */
@Entity({ name: 'outbox' })
export class OutboxEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'jsonb' })
  payload: OrderPaidPayload;

  @Column({ type: 'enum', enum: OUTBOX_STATES, enumName: 'outbox_state', default: 'pending' })
  state: OutboxState;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;
}
