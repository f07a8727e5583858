import { AsyncResource } from 'node:async_hooks';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectMetric } from '@willsoto/nestjs-prometheus';
import type { Counter, Gauge } from 'prom-client';
import { APP_CONFIG } from '@azora/config';
import { EnrollmentsClient } from '../catalog/enrollments.client.js';
import { errorMessage } from '../common/error-message.js';
import type { PaymentEnv } from '../config/payment.env.js';
import { backoffDelayMs } from './backoff.js';
import { ORDER_PAID_EVENT } from './outbox-event.entity.js';
import { OUTBOX_DELIVERIES_METRIC, OUTBOX_PENDING_METRIC, type DeliveryResult } from './outbox.metrics.js';
import { OutboxRepository, type ClaimedEvent } from './outbox.repository.js';

/**
 * Delivers outbox events to the course service, at least once, until each is acknowledged.
 * Polls on a timer and is kicked after each paid order commits, so delivery is usually immediate.
 * Events are leased, not held in a transaction, while the network call runs (see claimDue);
 * the lease outlasts the delivery timeout, so two relays never deliver one event at once.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private rerun = false;
  private stopped = true;
  private pendingCountedAt = 0;
  // Timers start in the relay's own async context, not in that of the request that kicked it,
  // so its log lines do not carry that request's id.
  private readonly context = new AsyncResource(OutboxRelay.name);

  constructor(
    private readonly outbox: OutboxRepository,
    private readonly enrollments: EnrollmentsClient,
    @Inject(APP_CONFIG) private readonly config: PaymentEnv,
    @InjectMetric(OUTBOX_PENDING_METRIC) private readonly pending: Gauge<string>,
    @InjectMetric(OUTBOX_DELIVERIES_METRIC) private readonly deliveries: Counter<'result'>,
  ) {
    if (config.OUTBOX_LEASE_MS <= config.OUTBOX_DELIVERY_TIMEOUT_MS * 2) {
      throw new Error('OUTBOX_LEASE_MS must be more than twice OUTBOX_DELIVERY_TIMEOUT_MS');
    }
  }

  onApplicationBootstrap(): void {
    // Both series exist from the start, so rate() and alerts see zeros rather than nothing.
    for (const result of ['delivered', 'failed'] as const) this.deliveries.inc({ result }, 0);
    this.stopped = false;
    this.schedule(0);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Deliver now rather than at the next poll; a pass already under way runs once more. */
  kick(): void {
    if (this.stopped) return;
    if (this.running) this.rerun = true;
    else this.schedule(0);
  }

  private schedule(delayMs: number): void {
    clearTimeout(this.timer);
    this.timer = this.context.runInAsyncScope(() => setTimeout(() => this.runPass(), delayMs));
    this.timer.unref();
  }

  private runPass(): void {
    if (this.stopped || this.running) return;
    this.rerun = false;
    this.running = this.deliverDue()
      .then((full) => {
        this.rerun ||= full;
      })
      .catch((error: unknown) => this.logger.error(`outbox pass failed: ${errorMessage(error)}`))
      .finally(() => {
        this.running = undefined;
        if (!this.stopped) this.schedule(this.rerun ? 0 : this.config.OUTBOX_POLL_INTERVAL_MS);
      });
  }

  /** True when the batch was full, so more may be due at once. */
  private async deliverDue(): Promise<boolean> {
    const events = await this.outbox.claimDue(this.config.OUTBOX_BATCH_SIZE, this.config.OUTBOX_LEASE_MS);
    await Promise.all(events.map((event) => this.deliver(event)));
    await this.refreshPendingGauge();
    return events.length === this.config.OUTBOX_BATCH_SIZE;
  }

  /** Once per poll interval at most: kicked passes (one per paid order) would otherwise count on every payment. */
  private async refreshPendingGauge(): Promise<void> {
    if (Date.now() - this.pendingCountedAt < this.config.OUTBOX_POLL_INTERVAL_MS) return;
    this.pendingCountedAt = Date.now();
    this.pending.set(await this.outbox.countPending());
  }

  private async deliver(event: ClaimedEvent): Promise<void> {
    try {
      if (event.type !== ORDER_PAID_EVENT) throw new Error(`no consumer for outbox event type ${event.type}`);
      const { orderId, userId, courseIds } = event.payload;
      await this.enrollments.grant({ eventId: event.id, orderId, userId, courseIds });
    } catch (error) {
      const retryInMs = backoffDelayMs(event.attempts + 1, this.config.OUTBOX_BASE_BACKOFF_MS, this.config.OUTBOX_MAX_BACKOFF_MS);
      this.logger.warn(
        `outbox event ${event.id} (attempt ${event.attempts + 1}) failed, retrying in ${retryInMs} ms: ${errorMessage(error)}`,
      );
      this.count('failed');
      await this.outbox.markFailed(event.id, retryInMs, errorMessage(error));
      return;
    }
    this.count('delivered');
    await this.outbox.markDelivered(event.id);
  }

  private count(result: DeliveryResult): void {
    this.deliveries.inc({ result });
  }
}
