import { Module, type DynamicModule } from '@nestjs/common';
import { DatabaseModule } from '@azora/database';
import { PlatformModule, type ServiceIdentity } from '@azora/platform';
import { CartItemEntity } from './cart/cart-item.entity.js';
import { CartModule } from './cart/cart.module.js';
import type { PaymentEnv } from './config/payment.env.js';
import { UnitOfWorkModule } from './database/unit-of-work.module.js';
import { CreatePaymentTables1764160000000 } from './migrations/1764160000000-create-payment-tables.js';
import { OrderItemEntity } from './orders/order-item.entity.js';
import { OrderEntity } from './orders/order.entity.js';
import { OrdersModule } from './orders/orders.module.js';
import { OutboxEventEntity } from './outbox/outbox-event.entity.js';
import { OutboxModule } from './outbox/outbox.module.js';
import { PaymentEntity } from './payments/payment.entity.js';
import { PaymentsModule } from './payments/payments.module.js';

export const PAYMENT_SERVICE: ServiceIdentity = { name: 'payment', version: '0.1.0' };

export const PAYMENT_DATABASE = {
  schema: 'payment',
  entities: [CartItemEntity, OrderEntity, OrderItemEntity, PaymentEntity, OutboxEventEntity],
  migrations: [CreatePaymentTables1764160000000],
};

@Module({})
export class PaymentAppModule {
  static forRoot(config: Readonly<PaymentEnv>): DynamicModule {
    return {
      module: PaymentAppModule,
      imports: [
        PlatformModule.forService(PAYMENT_SERVICE, config),
        DatabaseModule.forService(PAYMENT_SERVICE.name, PAYMENT_DATABASE),
        UnitOfWorkModule,
        CartModule,
        OrdersModule,
        PaymentsModule,
        OutboxModule,
      ],
    };
  }
}
