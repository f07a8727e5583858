import { Controller, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, type AuthenticatedUser } from '@azora/auth';
import { CheckoutService } from './checkout.service.js';
import { CheckoutResponseDto } from './dto/order.dto.js';

@ApiTags('orders')
@Controller('checkout')
@Authenticated()
export class CheckoutController {
  constructor(private readonly checkoutService: CheckoutService) {}

  @Post()
  @ApiConflictResponse({
    description: 'PAYMENT.CART_EMPTY, CART_CHANGED, COURSE_UNAVAILABLE, ALREADY_OWNED, FREE_COURSE or CURRENCY_MISMATCH',
  })
  @ApiServiceUnavailableResponse({ description: 'PAYMENT.CATALOG_UNAVAILABLE' })
  checkout(@CurrentUser() user: AuthenticatedUser): Promise<CheckoutResponseDto> {
    return this.checkoutService.checkout(user.id);
  }
}
