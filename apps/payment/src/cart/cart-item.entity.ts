import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

/** A course in a user's cart, with the title and price the course service quoted when it was added. */
@Entity({ name: 'cart_items' })
export class CartItemEntity {
  @PrimaryColumn({ name: 'user_id', type: 'uuid' })
  userId: string;

  @PrimaryColumn({ name: 'course_id', type: 'uuid' })
  courseId: string;

  @Column({ type: 'text' })
  title: string;

  @Column({ name: 'price_cents', type: 'integer' })
  priceCents: number;

  @Column({ type: 'text' })
  currency: string;

  @CreateDateColumn({ name: 'added_at', type: 'timestamptz' })
  addedAt: Date;
}
