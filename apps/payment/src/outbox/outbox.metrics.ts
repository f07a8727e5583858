import { makeCounterProvider, makeGaugeProvider } from '@willsoto/nestjs-prometheus';

export const OUTBOX_PENDING_METRIC = 'outbox_pending_events';
export const OUTBOX_DELIVERIES_METRIC = 'outbox_deliveries_total';

export type DeliveryResult = 'delivered' | 'failed';

export const outboxMetricProviders = [
  makeGaugeProvider({ name: OUTBOX_PENDING_METRIC, help: 'Outbox events not yet acknowledged by their consumer' }),
  makeCounterProvider({
    name: OUTBOX_DELIVERIES_METRIC,
    help: 'Outbox delivery attempts, by result (delivered or failed)',
    labelNames: ['result'],
  }),
];
