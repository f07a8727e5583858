import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import type { OrderItemEntity } from './order-item.entity.js';
import type { OrderEntity, OrderStatus } from './order.entity.js';

const ORDER_COLUMNS = `o.id, o.user_id AS "userId", o.status, o.total_cents AS "totalCents", o.currency, o.created_at AS "createdAt", o.updated_at AS "updatedAt"`;

/** Exported for the hot-query list's check (test/integration/data). */
export const ORDER_WITH_ITEMS_SQL = `SELECT ${ORDER_COLUMNS}, i.course_id AS "itemCourseId", i.title AS "itemTitle", i.price_cents AS "itemPriceCents"
         FROM "payment"."orders" o LEFT JOIN "payment"."order_items" i ON i.order_id = o.id
        WHERE o.id = $1 AND o.user_id = $2`;

type OrderRow = Omit<OrderEntity, 'items'>;
type OrderWithItemRow = OrderRow & { itemCourseId: string | null; itemTitle: string; itemPriceCents: number };

/** One order from its LEFT JOIN rows (one per item; one with null item columns when it has none). */
function withItems(rows: OrderWithItemRow[]): OrderEntity {
  const { id, userId, status, totalCents, currency, createdAt, updatedAt } = rows[0]!;
  const items = rows
    .filter((row) => row.itemCourseId !== null)
    .map((row) => ({ orderId: id, courseId: row.itemCourseId!, title: row.itemTitle, priceCents: row.itemPriceCents }));
  return { id, userId, status, totalCents, currency, createdAt, updatedAt, items };
}

export interface NewOrder {
  userId: string;
  currency: string;
  items: Pick<OrderItemEntity, 'courseId' | 'title' | 'priceCents'>[];
}

@Injectable()
export class OrdersRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The order as written, from the INSERTs' own RETURNING rather than a read-back. The per-request
   * statements here are hand-written: TypeORM's builder cost more CPU than the queries themselves.
   */
  async create(order: NewOrder, tx: Tx): Promise<OrderEntity> {
    const totalCents = order.items.reduce((sum, item) => sum + item.priceCents, 0);
    const [created] = (await tx.query(
      `INSERT INTO "payment"."orders" AS o (user_id, currency, total_cents) VALUES ($1, $2, $3) RETURNING ${ORDER_COLUMNS}`,
      [order.userId, order.currency, totalCents],
    )) as OrderEntity[];
    const items = order.items.map((item) => ({ ...item, orderId: created!.id }));
    await tx.query(
      `INSERT INTO "payment"."order_items" (order_id, course_id, title, price_cents)
       SELECT $1::uuid, * FROM unnest($2::uuid[], $3::text[], $4::int[])`,
      [created!.id, items.map((i) => i.courseId), items.map((i) => i.title), items.map((i) => i.priceCents)],
    );
    return Object.assign(created!, { items });
  }

  /** Scoped to the owner: another user's order is indistinguishable from a missing one. */
  async findForUser(orderId: string, userId: string): Promise<OrderEntity | null> {
    const rows = (await this.dataSource.query(ORDER_WITH_ITEMS_SQL, [orderId, userId])) as OrderWithItemRow[];
    return rows[0] ? withItems(rows) : null;
  }

  /** The owner's order, row-locked until `tx` ends: payments for one order run one at a time. */
  async lockForUser(orderId: string, userId: string, tx: Tx): Promise<OrderEntity | null> {
    const [order] = (await tx.query(
      `SELECT ${ORDER_COLUMNS} FROM "payment"."orders" o WHERE o.id = $1 AND o.user_id = $2 FOR UPDATE`,
      [orderId, userId],
    )) as OrderEntity[];
    if (!order) return null;
    order.items = (await tx.query(
      `SELECT order_id AS "orderId", course_id AS "courseId", title, price_cents AS "priceCents"
         FROM "payment"."order_items" WHERE order_id = $1`,
      [orderId],
    )) as OrderItemEntity[];
    return order;
  }

  async setStatus(orderId: string, status: OrderStatus, tx: Tx): Promise<void> {
    await tx.query(`UPDATE "payment"."orders" SET status = $2, updated_at = now() WHERE id = $1`, [orderId, status]);
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
