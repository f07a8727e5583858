import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, type AuthenticatedUser } from '@azora/auth';
import { uuidParam } from '../common/uuid-param.pipe.js';
import { OrderResponseDto } from './dto/order.dto.js';
import { OrdersService } from './orders.service.js';

@ApiTags('orders')
@Controller('orders')
@Authenticated()
export class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get(':id')
  @ApiNotFoundResponse({ description: 'PAYMENT.ORDER_NOT_FOUND, also for an order of another user' })
  get(@CurrentUser() user: AuthenticatedUser, @Param('id', uuidParam('id')) id: string): Promise<OrderResponseDto> {
    return this.orders.get(user.id, id);
  }
}
