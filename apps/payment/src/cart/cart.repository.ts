import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { isUniqueViolation } from '@azora/database';
import type { Tx } from '../database/unit-of-work.js';
import { CartItemEntity } from './cart-item.entity.js';

export type NewCartItem = Pick<CartItemEntity, 'userId' | 'courseId' | 'title' | 'priceCents' | 'currency'>;

@Injectable()
export class CartRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Oldest first, so the cart reads in the order things were added. Hand-written, as are the
   * other per-request statements here: TypeORM's builder cost more CPU than the query itself.
   */
  list(userId: string, tx: Tx = this.dataSource.manager): Promise<CartItemEntity[]> {
    return tx.query(
      `SELECT user_id AS "userId", course_id AS "courseId", title, price_cents AS "priceCents", currency, added_at AS "addedAt"
         FROM "payment"."cart_items" WHERE user_id = $1 ORDER BY added_at, course_id`,
      [userId],
    );
  }

  /** False when the course is already in the cart: the primary key decides, so racing adds cannot both win. */
  async add(item: NewCartItem): Promise<boolean> {
    try {
      await this.dataSource.query(
        `INSERT INTO "payment"."cart_items" (user_id, course_id, title, price_cents, currency) VALUES ($1, $2, $3, $4, $5)`,
        [item.userId, item.courseId, item.title, item.priceCents, item.currency],
      );
      return true;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
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
