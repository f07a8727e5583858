import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRelay } from '../../../apps/payment/src/outbox/outbox.relay.js';
import { OutboxRepository } from '../../../apps/payment/src/outbox/outbox.repository.js';
import { eventually, expectStatus, PaymentHarness } from './support/payment-harness.js';

const harness = new PaymentHarness();

interface OutboxRow {
  id: string;
  state: string;
  attempts: number;
  last_error: string | null;
  delivered_at: Date | null;
}

const outboxFor = async (orderId: string): Promise<OutboxRow | undefined> =>
  (
    await harness.query<OutboxRow>(
      `SELECT id, state, attempts, last_error, delivered_at FROM payment.outbox WHERE payload->>'orderId' = $1`,
      [orderId],
    )
  )[0];

const metric = async (name: string): Promise<number> => {
  const text = (await harness.app.inject({ method: 'GET', url: '/metrics' })).body;
  const line = text.split('\n').find((l) => l.startsWith(name) && !l.startsWith(`${name}_`));
  return line ? Number(line.split(' ').at(-1)) : Number.NaN;
};

/** Pays a fresh order while the stand-in cannot grant, and waits until the relay has failed at least twice. */
async function payWhileGrantsFail(fail: () => Promise<void> | void): Promise<{ orderId: string; eventId: string }> {
  const buyer = await harness.user();
  const { orderId } = await harness.order(buyer);
  await fail();
  expectStatus(await harness.pay(buyer, orderId, randomUUID()), 201);
  const failing = await eventually(async () => {
    const row = await outboxFor(orderId);
    return row && row.attempts >= 2 ? row : undefined;
  });
  expect(failing).toMatchObject({ state: 'pending', delivered_at: null, last_error: expect.any(String) });
  return { orderId, eventId: failing.id };
}

beforeAll(async () => {
  await harness.start('payment_outbox');
});

afterAll(async () => {
  await harness.stop();
});

describe('payment outbox relay', () => {
  it('keeps the event pending while the course service is down and delivers it exactly once when it returns', async () => {
    const { orderId, eventId } = await payWhileGrantsFail(() => harness.courses.stop());
    expect(harness.courses.grantsFor(orderId)).toHaveLength(0);
    expect(await metric('outbox_pending_events')).toBeGreaterThanOrEqual(1);

    await harness.courses.start();
    await eventually(async () => (await outboxFor(orderId))?.state === 'delivered');
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(harness.courses.grantsFor(orderId)).toEqual([
      { eventId, orderId, userId: expect.any(String), courseIds: expect.any(Array) },
    ]);
    expect(await outboxFor(orderId)).toMatchObject({ state: 'delivered', last_error: null, delivered_at: expect.any(Date) });
  });

  it.each([
    ['error replies', 'error', 'enrollments are failing'],
    ['no reply at all (timeouts)', 'hang', 'Timeout'],
  ] as const)('retries after %s until the grant is acknowledged', async (_, mode, reason) => {
    const { orderId } = await payWhileGrantsFail(() => {
      harness.courses.grantMode = mode;
    });
    expect((await outboxFor(orderId))?.last_error).toContain(reason);
    harness.courses.grantMode = 'ack';
    await eventually(async () => (await outboxFor(orderId))?.state === 'delivered');
    expect(harness.courses.grantsFor(orderId)).toHaveLength(1);
  });

  it('exposes the pending gauge and the delivery counter', async () => {
    await eventually(async () => ((await metric('outbox_pending_events')) === 0 ? true : undefined));
    const text = (await harness.app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(text).toMatch(/^outbox_deliveries_total\{result="delivered",service="payment"\} [1-9]/m);
    expect(text).toMatch(/^outbox_deliveries_total\{result="failed",service="payment"\} [1-9]/m);
  });

  it('gives concurrent claimers disjoint batches and hides leased events', async () => {
    const relay = harness.app.get(OutboxRelay);
    const repository = harness.app.get(OutboxRepository);
    await relay.beforeApplicationShutdown();
    const tag = randomUUID();
    try {
      await harness.query(
        `INSERT INTO payment.outbox (type, payload) SELECT 'order.paid', jsonb_build_object('orderId', $1::text, 'n', n) FROM generate_series(1, 30) n`,
        [tag],
      );
      const batches = await Promise.all([repository.claimDue(20, 60_000), repository.claimDue(20, 60_000)]);
      const ids = batches.flat().map((event) => event.id);
      expect(ids).toHaveLength(30);
      expect(new Set(ids).size).toBe(30);
      expect(await repository.claimDue(20, 60_000)).toEqual([]);
    } finally {
      await harness.query(`DELETE FROM payment.outbox WHERE payload->>'orderId' = $1`, [tag]);
      relay.onApplicationBootstrap();
    }
  });
});
