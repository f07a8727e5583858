import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post } from '@nestjs/common';
import { ApiConflictResponse, ApiNotFoundResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Authenticated, CurrentUser, type AuthenticatedUser } from '@azora/auth';
import { uuidParam } from '../common/uuid-param.pipe.js';
import { CartService } from './cart.service.js';
import { AddCartItemDto, CartResponseDto } from './dto/cart.dto.js';

@ApiTags('cart')
@Controller('cart')
@Authenticated()
export class CartController {
  constructor(private readonly cart: CartService) {}

  @Get()
  get(@CurrentUser() user: AuthenticatedUser): Promise<CartResponseDto> {
    return this.cart.get(user.id);
  }

  @Post('items')
  @ApiNotFoundResponse({ description: 'PAYMENT.COURSE_NOT_FOUND' })
  @ApiConflictResponse({ description: 'PAYMENT.ALREADY_OWNED, ALREADY_IN_CART, FREE_COURSE or CURRENCY_MISMATCH' })
  @ApiServiceUnavailableResponse({ description: 'PAYMENT.CATALOG_UNAVAILABLE' })
  add(@CurrentUser() user: AuthenticatedUser, @Body() dto: AddCartItemDto): Promise<CartResponseDto> {
    return this.cart.add(user.id, dto.courseId);
  }

  @Delete('items/:courseId')
  @HttpCode(HttpStatus.NO_CONTENT)
  remove(@CurrentUser() user: AuthenticatedUser, @Param('courseId', uuidParam('courseId')) courseId: string): Promise<void> {
    return this.cart.remove(user.id, courseId);
  }
}
