import { ApiProperty } from '@nestjs/swagger';
import { ORDER_STATUSES, type OrderEntity, type OrderStatus } from '../order.entity.js';
import type { OrderItemEntity } from '../order-item.entity.js';

export class OrderItemResponseDto {
  @ApiProperty({ format: 'uuid' }) courseId: string;
  @ApiProperty() title: string;
  @ApiProperty({ description: 'Price charged, in minor units' }) priceCents: number;
}

export class CheckoutResponseDto {
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiProperty({ type: [OrderItemResponseDto] }) items: OrderItemResponseDto[];
  @ApiProperty() totalCents: number;
  @ApiProperty() currency: string;
}

export class OrderResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiProperty({ type: [OrderItemResponseDto] }) items: OrderItemResponseDto[];
  @ApiProperty() totalCents: number;
  @ApiProperty() currency: string;
  @ApiProperty() createdAt: string;
}

// Rows come back in no particular order; one stable order makes checkout and GET agree.
const toItems = (items: OrderItemEntity[]): OrderItemResponseDto[] =>
  [...items]
    .sort((a, b) => a.title.localeCompare(b.title) || a.courseId.localeCompare(b.courseId))
    .map((item) => ({ courseId: item.courseId, title: item.title, priceCents: item.priceCents }));

export const toCheckoutResponse = (order: OrderEntity): CheckoutResponseDto => ({
  orderId: order.id,
  status: order.status,
  items: toItems(order.items),
  totalCents: order.totalCents,
  currency: order.currency,
});

export const toOrderResponse = (order: OrderEntity): OrderResponseDto => ({
  id: order.id,
  status: order.status,
  items: toItems(order.items),
  totalCents: order.totalCents,
  currency: order.currency,
  createdAt: order.createdAt.toISOString(),
});
