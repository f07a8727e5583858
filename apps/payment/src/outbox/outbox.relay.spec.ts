import { Logger } from '@nestjs/common';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PaymentEnv } from '../config/payment.env.js';
import { OutboxRelay } from './outbox.relay.js';
import type { ClaimedEvent } from './outbox.repository.js';

const config = {
  OUTBOX_POLL_INTERVAL_MS: 10_000,
  OUTBOX_BASE_BACKOFF_MS: 250,
  OUTBOX_MAX_BACKOFF_MS: 5000,
  OUTBOX_BATCH_SIZE: 10,
  OUTBOX_DELIVERY_TIMEOUT_MS: 2000,
  OUTBOX_LEASE_MS: 15_000,
} as PaymentEnv;

const event = (attempts: number, type = 'order.paid'): ClaimedEvent => ({
  id: `event-${attempts}`,
  type,
  attempts,
  payload: { orderId: 'order-1', userId: 'user-1', courseIds: ['course-a'] },
});

function setup(events: ClaimedEvent[], grant: () => Promise<void>) {
  const outbox = {
    claimDue: vi.fn().mockResolvedValueOnce(events).mockResolvedValue([]),
    markDelivered: vi.fn().mockResolvedValue(undefined),
    markFailed: vi.fn().mockResolvedValue(undefined),
    countPending: vi.fn().mockResolvedValue(3),
  };
  const enrollments = { grant: vi.fn(grant) };
  const pending = { set: vi.fn() };
  const deliveries = { inc: vi.fn() };
  const relay = new OutboxRelay(outbox as any, enrollments as any, config, pending as any, deliveries as any);
  return { relay, outbox, enrollments, pending, deliveries };
}

let running: OutboxRelay | undefined;
beforeAll(() => Logger.overrideLogger(false));
afterEach(async () => {
  await running?.beforeApplicationShutdown();
});

describe('OutboxRelay', () => {
  it('sends each claimed event with its id and marks it delivered on the acknowledgement', async () => {
    const { relay, outbox, enrollments, pending, deliveries } = setup([event(0)], () => Promise.resolve());
    running = relay;
    relay.onApplicationBootstrap();
    await vi.waitFor(() => expect(pending.set).toHaveBeenCalledWith(3));
    expect(outbox.claimDue).toHaveBeenCalledWith(10, 15_000);
    expect(enrollments.grant).toHaveBeenCalledWith({
      eventId: 'event-0',
      orderId: 'order-1',
      userId: 'user-1',
      courseIds: ['course-a'],
    });
    expect(outbox.markDelivered).toHaveBeenCalledWith('event-0');
    expect(deliveries.inc).toHaveBeenCalledWith({ result: 'delivered' });
  });

  it('reschedules a failed delivery with the capped backoff and records why', async () => {
    const { relay, outbox, deliveries } = setup([event(0), event(9), event(2, 'unknown.type')], () =>
      Promise.reject(new Error('timeout')),
    );
    running = relay;
    relay.onApplicationBootstrap();
    await vi.waitFor(() => expect(outbox.markFailed).toHaveBeenCalledTimes(3));
    expect(outbox.markFailed).toHaveBeenCalledWith('event-0', 250, 'timeout');
    expect(outbox.markFailed).toHaveBeenCalledWith('event-9', 5000, 'timeout');
    expect(outbox.markFailed).toHaveBeenCalledWith('event-2', 1000, 'no consumer for outbox event type unknown.type');
    expect(outbox.markDelivered).not.toHaveBeenCalled();
    expect(deliveries.inc).toHaveBeenCalledWith({ result: 'failed' });
  });

  it('runs a pass at once when kicked, instead of waiting for the next poll', async () => {
    const { relay, outbox } = setup([], () => Promise.resolve());
    running = relay;
    relay.onApplicationBootstrap();
    await vi.waitFor(() => expect(outbox.countPending).toHaveBeenCalledTimes(1));
    relay.kick();
    await vi.waitFor(() => expect(outbox.claimDue).toHaveBeenCalledTimes(2));
  });

  it('counts pending events once per poll interval, not on every kicked pass (one per paid order)', async () => {
    const { relay, outbox, pending } = setup([], () => Promise.resolve());
    running = relay;
    relay.onApplicationBootstrap();
    await vi.waitFor(() => expect(pending.set).toHaveBeenCalledTimes(1));
    for (let pass = 2; pass <= 6; pass++) {
      relay.kick();
      await vi.waitFor(() => expect(outbox.claimDue).toHaveBeenCalledTimes(pass));
    }
    expect(outbox.countPending).toHaveBeenCalledTimes(1);
  });

  it('refuses a lease that does not outlast the delivery timeout', () => {
    expect(
      () =>
        new OutboxRelay({} as never, {} as never, { ...config, OUTBOX_LEASE_MS: 3000 } as PaymentEnv, {} as never, {} as never),
    ).toThrow(/OUTBOX_LEASE_MS/);
  });
});
