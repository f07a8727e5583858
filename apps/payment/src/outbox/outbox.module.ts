import { Module } from '@nestjs/common';
import { CatalogModule } from '../catalog/catalog.module.js';
import { outboxMetricProviders } from './outbox.metrics.js';
import { OutboxRelay } from './outbox.relay.js';
import { OutboxRepository } from './outbox.repository.js';

@Module({
  imports: [CatalogModule],
  providers: [OutboxRepository, OutboxRelay, ...outboxMetricProviders],
  exports: [OutboxRepository, OutboxRelay],
})
export class OutboxModule {}
