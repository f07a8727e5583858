import { Injectable } from '@nestjs/common';
import type { QuotedCourse } from '@azora/messaging';
import { CartRepository } from '../cart/cart.repository.js';
import { CatalogClient } from '../catalog/catalog.client.js';
import { assertPurchasable } from '../catalog/purchasable.js';
import { PaymentErrors } from '../common/payment.errors.js';
import { UnitOfWork } from '../database/unit-of-work.js';
import { toCheckoutResponse, type CheckoutResponseDto } from './dto/order.dto.js';
import { OrdersRepository } from './orders.repository.js';

@Injectable()
export class CheckoutService {
  constructor(
    private readonly cart: CartRepository,
    private readonly orders: OrdersRepository,
    private readonly catalog: CatalogClient,
    private readonly uow: UnitOfWork,
  ) {}

  /**
   * Re-quotes every cart item (the course service's prices now are the ones charged) and refuses
   * the whole checkout when any item can no longer be bought: nothing is dropped silently.
   */
  async checkout(userId: string): Promise<CheckoutResponseDto> {
    const courseIds = (await this.cart.list(userId)).map((item) => item.courseId);
    if (courseIds.length === 0) throw PaymentErrors.cartEmpty();
    const quotes = await this.catalog.quote(userId, courseIds);
    const courses = courseIds.map((id) => assertPurchasable(id, quotes.get(id), PaymentErrors.courseUnavailable));
    const currency = singleCurrency(courses);
    const [paid] = await this.orders.paidCourseIds(userId, courseIds);
    if (paid) throw PaymentErrors.alreadyOwned(paid);

    const order = await this.uow.run(async (tx) => {
      // Racing checkouts of one cart serialize on its rows; the loser finds them gone.
      if ((await this.cart.take(userId, courseIds, tx)) !== courseIds.length) throw PaymentErrors.cartChanged();
      const items = courses.map((course) => ({ courseId: course.id, title: course.title, priceCents: course.priceCents }));
      return this.orders.create({ userId, currency, items }, tx);
    });
    return toCheckoutResponse(order);
  }
}

function singleCurrency(courses: QuotedCourse[]): string {
  const currency = courses[0]!.currency;
  const other = courses.find((course) => course.currency !== currency);
  if (other) throw PaymentErrors.currencyMismatch(currency, other.currency);
  return currency;
}
