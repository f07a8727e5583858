import { Module } from '@nestjs/common';
import { OrdersModule } from '../orders/orders.module.js';
import { OutboxModule } from '../outbox/outbox.module.js';
import { PaymentsController } from './payments.controller.js';
import { PaymentsRepository } from './payments.repository.js';
import { PaymentsService } from './payments.service.js';
import { PAYMENT_PROVIDER } from './provider/payment-provider.js';
import { SimulatedPaymentProvider } from './provider/simulated-payment.provider.js';

@Module({
  imports: [OrdersModule, OutboxModule],
  controllers: [PaymentsController],
  providers: [PaymentsService, PaymentsRepository, { provide: PAYMENT_PROVIDER, useClass: SimulatedPaymentProvider }],
})
export class PaymentsModule {}
