import { Module } from '@nestjs/common';
import { PricingController } from './pricing.controller.js';
import { PricingService } from './pricing.service.js';
import { QuotesRepository } from './quotes.repository.js';

@Module({
  controllers: [PricingController],
  providers: [PricingService, QuotesRepository],
})
export class PricingModule {}
