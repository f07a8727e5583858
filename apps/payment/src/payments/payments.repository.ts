import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { PaymentEntity } from './payment.entity.js';

export type NewPayment = Omit<PaymentEntity, 'createdAt'>;

@Injectable()
export class PaymentsRepository {
  constructor(private readonly dataSource: DataSource) {}

  findByKey(userId: string, idempotencyKey: string, tx: Tx = this.dataSource.manager): Promise<PaymentEntity | null> {
    return tx.getRepository(PaymentEntity).findOneBy({ userId, idempotencyKey });
  }

  /** Throws a unique violation when the user already used this idempotency key. */
  async insert(payment: NewPayment, tx: Tx): Promise<void> {
    await tx.getRepository(PaymentEntity).insert(payment);
  }
}
