import { Module } from '@nestjs/common';
import { CartModule } from '../cart/cart.module.js';
import { CatalogModule } from '../catalog/catalog.module.js';
import { CheckoutController } from './checkout.controller.js';
import { CheckoutService } from './checkout.service.js';
import { OrdersController } from './orders.controller.js';
import { OrdersRepository } from './orders.repository.js';
import { OrdersService } from './orders.service.js';

@Module({
  imports: [CartModule, CatalogModule],
  controllers: [CheckoutController, OrdersController],
  providers: [CheckoutService, OrdersService, OrdersRepository],
  exports: [OrdersRepository],
})
export class OrdersModule {}
