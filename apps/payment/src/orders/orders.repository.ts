import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import type { OrderItemEntity } from './order-item.entity.js';
import type { OrderEntity } from './order.entity.js';

const ORDER_COLUMNS = `o.id, o.user_id AS "userId", o.status, o.total_cents AS "totalCents", o.currency, o.created_at AS "createdAt", o.updated_at AS "updatedAt"`;

/** Exported for the hot-query list's check (test/integration/data). */
export const ORDER_WITH_ITEMS_SQL = `SELECT ${ORDER_COLUMNS}, i.course_id AS "itemCourseId", i.title AS "itemTitle", i.price_cents AS "itemPriceCents"
         FROM "payment"."orders" o LEFT JOIN "payment"."order_items" i ON i.order_id = o.id
        WHERE o.id = $1 AND o.user_id = $2`;

/** Locks the order row only: items are immutable, and FOR UPDATE cannot lock the outer join's nullable side. */
export const LOCKED_ORDER_WITH_ITEMS_SQL = `${ORDER_WITH_ITEMS_SQL} FOR UPDATE OF o`;

/** The order and its items in one statement (one round trip inside the checkout transaction). */
export const CREATE_ORDER_SQL = `WITH created AS (
    INSERT INTO "payment"."orders" AS o (user_id, currency, total_cents) VALUES ($1, $2, $3) RETURNING ${ORDER_COLUMNS}),
  items AS (
    INSERT INTO "payment"."order_items" (order_id, course_id, title, price_cents)
    SELECT created.id, item.* FROM created, unnest($4::uuid[], $5::text[], $6::int[]) AS item)
  SELECT * FROM created`;

/** Courses among $2 that user $1 has paid for (also a subquery of the payment's prior outcome). */
export const PAID_COURSES_SQL = `SELECT DISTINCT i.course_id
         FROM "payment"."order_items" i
         JOIN "payment"."orders" o ON o.id = i.order_id
        WHERE o.user_id = $1 AND o.status = 'paid' AND i.course_id = ANY($2::uuid[])`;

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
    const [created] = (await tx.query(CREATE_ORDER_SQL, [
      order.userId,
      order.currency,
      totalCents,
      order.items.map((i) => i.courseId),
      order.items.map((i) => i.title),
      order.items.map((i) => i.priceCents),
    ])) as OrderEntity[];
    return Object.assign(created!, { items: order.items.map((item) => ({ ...item, orderId: created!.id })) });
  }

  /** Scoped to the owner: another user's order is indistinguishable from a missing one. */
  async findForUser(orderId: string, userId: string): Promise<OrderEntity | null> {
    const rows = (await this.dataSource.query(ORDER_WITH_ITEMS_SQL, [orderId, userId])) as OrderWithItemRow[];
    return rows[0] ? withItems(rows) : null;
  }

  /** The owner's order with its items, row-locked until `tx` ends: payments for one order run one at a time. */
  async lockForUser(orderId: string, userId: string, tx: Tx): Promise<OrderEntity | null> {
    const rows = (await tx.query(LOCKED_ORDER_WITH_ITEMS_SQL, [orderId, userId])) as OrderWithItemRow[];
    return rows[0] ? withItems(rows) : null;
  }

  /** Serialises one user's payments (transaction-scoped, so PgBouncer's transaction mode keeps it). */
  async lockPurchasesOf(userId: string, tx: Tx): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('azora:purchases:' || $1, 0))`, [userId]);
  }

  /** Courses among `courseIds` the user has already paid for, delivered as enrollments or not yet. */
  async paidCourseIds(userId: string, courseIds: string[]): Promise<string[]> {
    const rows: { course_id: string }[] = await this.dataSource.query(PAID_COURSES_SQL, [userId, courseIds]);
    return rows.map((row) => row.course_id);
  }
}
