import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { OrderItemEntity } from './order-item.entity.js';
import { OrderEntity, type OrderStatus } from './order.entity.js';

export interface NewOrder {
  userId: string;
  currency: string;
  items: Pick<OrderItemEntity, 'courseId' | 'title' | 'priceCents'>[];
}

@Injectable()
export class OrdersRepository {
  constructor(private readonly dataSource: DataSource) {}

  async create(order: NewOrder, tx: Tx): Promise<OrderEntity> {
    const totalCents = order.items.reduce((sum, item) => sum + item.priceCents, 0);
    const inserted = await tx.getRepository(OrderEntity).insert({ userId: order.userId, currency: order.currency, totalCents });
    const { id } = inserted.identifiers[0] as { id: string };
    await tx.getRepository(OrderItemEntity).insert(order.items.map((item) => ({ ...item, orderId: id })));
    return tx.getRepository(OrderEntity).findOneOrFail({ where: { id }, relations: { items: true } });
  }

  /** Scoped to the owner: another user's order is indistinguishable from a missing one. */
  findForUser(orderId: string, userId: string): Promise<OrderEntity | null> {
    return this.dataSource.getRepository(OrderEntity).findOne({ where: { id: orderId, userId }, relations: { items: true } });
  }

  /** The owner's order, row-locked until `tx` ends: payments for one order run one at a time. */
  async lockForUser(orderId: string, userId: string, tx: Tx): Promise<OrderEntity | null> {
    const order = await tx
      .getRepository(OrderEntity)
      .createQueryBuilder('o')
      .where('o.id = :orderId AND o.user_id = :userId', { orderId, userId })
      .setLock('pessimistic_write')
      .getOne();
    if (!order) return null;
    order.items = await tx.getRepository(OrderItemEntity).findBy({ orderId });
    return order;
  }

  async setStatus(orderId: string, status: OrderStatus, tx: Tx): Promise<void> {
    await tx.getRepository(OrderEntity).update({ id: orderId }, { status });
  }

  /** Serialises one user's payments (transaction-scoped, so PgBouncer's transaction mode keeps it). */
  async lockPurchasesOf(userId: string, tx: Tx): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('azora:purchases:' || $1, 0))`, [userId]);
  }

  /** Courses among `courseIds` the user has already paid for, delivered as enrollments or not yet. */
  async paidCourseIds(userId: string, courseIds: string[], tx?: Tx): Promise<string[]> {
    const rows: { course_id: string }[] = await (tx ?? this.dataSource).query(
      `SELECT DISTINCT i.course_id
         FROM "payment"."order_items" i
         JOIN "payment"."orders" o ON o.id = i.order_id
        WHERE o.user_id = $1 AND o.status = 'paid' AND i.course_id = ANY($2::uuid[])`,
      [userId, courseIds],
    );
    return rows.map((row) => row.course_id);
  }
}
