import { Injectable } from '@nestjs/common';
import { CatalogClient } from '../catalog/catalog.client.js';
import { assertPurchasable } from '../catalog/purchasable.js';
import { PaymentErrors } from '../common/payment.errors.js';
import { CartRepository } from './cart.repository.js';
import { toCartResponse, type CartResponseDto } from './dto/cart.dto.js';

/** Bounds an order: 20 items at the catalog's highest price (1,000,000.00) still fit a 32-bit total. */
export const MAX_CART_ITEMS = 20;

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
    const items = await this.cart.list(userId);
    if (items.some((item) => item.courseId === courseId)) throw PaymentErrors.alreadyInCart(courseId);
    const quotes = await this.catalog.quote(userId, [courseId]);
    const course = assertPurchasable(courseId, quotes.get(courseId), PaymentErrors.courseNotFound);
    if (items.length >= MAX_CART_ITEMS) throw PaymentErrors.cartFull(MAX_CART_ITEMS);
    const cartCurrency = items[0]?.currency;
    if (cartCurrency && cartCurrency !== course.currency) throw PaymentErrors.currencyMismatch(cartCurrency, course.currency);
    const item = { userId, courseId, title: course.title, priceCents: course.priceCents, currency: course.currency };
    const cart = await this.cart.addAndList(item);
    if (!cart) throw PaymentErrors.alreadyInCart(courseId);
    return toCartResponse(cart);
  }

  remove(userId: string, courseId: string): Promise<void> {
    return this.cart.remove(userId, courseId);
  }
}
