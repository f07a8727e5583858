import { Injectable } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { isUniqueViolation } from '@azora/database';
import type { Tx } from '../database/unit-of-work.js';
import { CartItemEntity } from './cart-item.entity.js';

export type NewCartItem = Pick<CartItemEntity, 'userId' | 'courseId' | 'title' | 'priceCents' | 'currency'>;

@Injectable()
export class CartRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Oldest first, so the cart reads in the order things were added. */
  list(userId: string, tx: Tx = this.dataSource.manager): Promise<CartItemEntity[]> {
    return tx.getRepository(CartItemEntity).find({ where: { userId }, order: { addedAt: 'ASC', courseId: 'ASC' } });
  }

  exists(userId: string, courseId: string): Promise<boolean> {
    return this.dataSource.getRepository(CartItemEntity).existsBy({ userId, courseId });
  }

  /** False when the course is already in the cart: the primary key decides, so racing adds cannot both win. */
  async add(item: NewCartItem): Promise<boolean> {
    try {
      await this.dataSource.getRepository(CartItemEntity).insert(item);
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
    const result = await tx.getRepository(CartItemEntity).delete({ userId, courseId: In(courseIds) });
    return result.affected ?? 0;
  }
}
