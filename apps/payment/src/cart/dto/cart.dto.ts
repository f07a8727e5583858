import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { Lowercase } from '../../common/lowercase.transform.js';
import type { CartItemEntity } from '../cart-item.entity.js';

export class AddCartItemDto {
  @ApiProperty({ format: 'uuid' })
  @Lowercase()
  @IsUUID()
  courseId: string;
}

export class CartItemResponseDto {
  @ApiProperty({ format: 'uuid' }) courseId: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Price when the course was added, in minor units' }) priceCents: number;
}

export class CartResponseDto {
  @ApiProperty({ type: [CartItemResponseDto] }) items: CartItemResponseDto[];
  @ApiProperty() totalCents: number;
  @ApiProperty({ type: String, nullable: true, description: 'ISO 4217 code; null while the cart is empty' }) currency:
    string | null;
}

export const toCartResponse = (items: CartItemEntity[]): CartResponseDto => ({
  items: items.map((item) => ({ courseId: item.courseId, title: item.title, priceCents: item.priceCents })),
  totalCents: items.reduce((sum, item) => sum + item.priceCents, 0),
  currency: items[0]?.currency ?? null,
});
