import { Injectable } from '@nestjs/common';
import { PaymentErrors } from '../common/payment.errors.js';
import { toOrderResponse, type OrderResponseDto } from './dto/order.dto.js';
import { OrdersRepository } from './orders.repository.js';

@Injectable()
export class OrdersService {
  constructor(private readonly orders: OrdersRepository) {}

  async get(userId: string, orderId: string): Promise<OrderResponseDto> {
    const order = await this.orders.findForUser(orderId, userId);
    if (!order) throw PaymentErrors.orderNotFound();
    return toOrderResponse(order);
  }
}
