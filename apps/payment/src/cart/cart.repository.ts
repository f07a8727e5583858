import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Tx } from '../database/unit-of-work.js';
import { CartItemEntity } from './cart-item.entity.js';

export type NewCartItem = Pick<CartItemEntity, 'userId' | 'courseId' | 'title' | 'priceCents' | 'currency'>;

const CART_COLUMNS = `user_id AS "userId", course_id AS "courseId", title, price_cents AS "priceCents", currency, added_at AS "addedAt"`;

/** The rest of the cart is read with the statement's snapshot, from before the insert: the new item appears once. */
export const ADD_AND_LIST_SQL = `WITH added AS (
    INSERT INTO "payment"."cart_items" (user_id, course_id, title, price_cents, currency) VALUES ($1, $2, $3, $4, $5)
    ON CONFLICT (user_id, course_id) DO NOTHING
    RETURNING ${CART_COLUMNS}, true AS added)
  SELECT * FROM (
    SELECT * FROM added
    UNION ALL
    SELECT ${CART_COLUMNS}, false AS added FROM "payment"."cart_items" WHERE user_id = $1
  ) cart ORDER BY "addedAt", "courseId"`;

@Injectable()
export class CartRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Oldest first, so the cart reads in the order things were added. Hand-written, as are the
   * other per-request statements here: TypeORM's builder cost more CPU than the query itself.
   */
  list(userId: string, tx: Tx = this.dataSource.manager): Promise<CartItemEntity[]> {
    return tx.query(`SELECT ${CART_COLUMNS} FROM "payment"."cart_items" WHERE user_id = $1 ORDER BY added_at, course_id`, [
      userId,
    ]);
  }

  /**
   * The cart with the item added, in one statement; undefined when the course was already in it
   * (the primary key decides, so racing adds cannot both win).
   */
  async addAndList(item: NewCartItem): Promise<CartItemEntity[] | undefined> {
    const rows: (CartItemEntity & { added: boolean })[] = await this.dataSource.query(ADD_AND_LIST_SQL, [
      item.userId,
      item.courseId,
      item.title,
      item.priceCents,
      item.currency,
    ]);
    if (!rows.some((row) => row.added)) return undefined;
    return rows.map(({ added: _added, ...row }) => row);
  }

  async remove(userId: string, courseId: string): Promise<void> {
    await this.dataSource.getRepository(CartItemEntity).delete({ userId, courseId });
  }

  /** Deletes exactly these items and returns how many were still there (row locks serialize racing checkouts). */
  async take(userId: string, courseIds: string[], tx: Tx): Promise<number> {
    // For a DELETE, TypeORM answers [rows, affected row count].
    const [, affected] = (await tx.query(
      `DELETE FROM "payment"."cart_items" WHERE user_id = $1 AND course_id = ANY($2::uuid[])`,
      [userId, courseIds],
    )) as [unknown[], number];
    return affected;
  }
}
