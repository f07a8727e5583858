import { Injectable } from '@nestjs/common';
import { CatalogClient } from '../catalog/catalog.client.js';
import { assertPurchasable } from '../catalog/purchasable.js';
import { PaymentErrors } from '../common/payment.errors.js';
import { CartRepository } from './cart.repository.js';
import { toCartResponse, type CartResponseDto } from './dto/cart.dto.js';

@Injectable()
export class CartService {
  constructor(
    private readonly cart: CartRepository,
    private readonly catalog: CatalogClient,
  ) {}

  async get(userId: string): Promise<CartResponseDto> {
    return toCartResponse(await this.cart.list(userId));
  }

  async add(userId: string, courseId: string): Promise<CartResponseDto> {
    if (await this.cart.exists(userId, courseId)) throw PaymentErrors.alreadyInCart(courseId);
    const quotes = await this.catalog.quote(userId, [courseId]);
    const course = assertPurchasable(courseId, quotes.get(courseId), PaymentErrors.courseNotFound);
    const cartCurrency = (await this.cart.list(userId))[0]?.currency;
    if (cartCurrency && cartCurrency !== course.currency) throw PaymentErrors.currencyMismatch(cartCurrency, course.currency);
    const item = { userId, courseId, title: course.title, priceCents: course.priceCents, currency: course.currency };
    if (!(await this.cart.add(item))) throw PaymentErrors.alreadyInCart(courseId);
    return this.get(userId);
  }

  remove(userId: string, courseId: string): Promise<void> {
    return this.cart.remove(userId, courseId);
  }
}
