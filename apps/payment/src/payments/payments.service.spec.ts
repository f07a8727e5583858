import { describe, expect, it, vi } from 'vitest';
import { AppException } from '@azora/errors';
import type { OrderEntity } from '../orders/order.entity.js';
import type { CreatePaymentDto } from './dto/payment.dto.js';
import { hashPaymentRequest } from './idempotency.js';
import type { PaymentEntity } from './payment.entity.js';
import { PaymentsService } from './payments.service.js';
import type { ChargeResult } from './provider/payment-provider.js';

const USER = 'user-1';
const KEY = 'key-1';
const ORDER_ID = '3f2b8a9e-54c1-4d7e-9a0b-1c2d3e4f5a6b';
const dto = (token = 'tok_visa'): CreatePaymentDto => ({ orderId: ORDER_ID, paymentMethod: { type: 'card', token } });
const TX = { tx: true };

const anOrder = (status: OrderEntity['status'] = 'pending'): OrderEntity =>
  ({
    id: ORDER_ID,
    userId: USER,
    status,
    totalCents: 3000,
    currency: 'USD',
    items: [{ courseId: 'course-a' }, { courseId: 'course-b' }],
  }) as OrderEntity;

const storedPayment = (body = dto()): PaymentEntity =>
  ({
    requestHash: hashPaymentRequest(body),
    response: { paymentId: 'pay-1', orderId: ORDER_ID, status: 'failed', failureCode: 'CARD_DECLINED' },
  }) as PaymentEntity;

interface Setup {
  order?: OrderEntity | null;
  previous?: PaymentEntity | null;
  charge?: ChargeResult;
  insertError?: unknown;
  owned?: string[];
}

function setup({
  order = anOrder(),
  previous = null,
  charge = { status: 'succeeded', providerRef: 'ref' },
  insertError,
  owned = [],
}: Setup = {}) {
  const orders = {
    lockForUser: vi.fn().mockResolvedValue(order),
    lockPurchasesOf: vi.fn().mockResolvedValue(undefined),
  };
  const payments = {
    priorOutcome: vi.fn().mockResolvedValue({ previous, ownedCourseId: owned[0] ?? null }),
    findByKey: vi.fn().mockResolvedValue(null),
    recordCharge: insertError ? vi.fn().mockRejectedValue(insertError) : vi.fn().mockResolvedValue(undefined),
  };
  const relay = { kick: vi.fn() };
  const uow = { run: vi.fn((work: (tx: unknown) => Promise<unknown>) => work(TX)) };
  const provider = { charge: vi.fn().mockResolvedValue(charge) };
  const service = new PaymentsService(orders as any, payments as any, relay as any, uow as any, provider);
  return { service, orders, payments, relay, provider };
}

const codeOf = async (promise: Promise<unknown>): Promise<string> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof AppException)) throw new Error(`expected an AppException, got ${String(error)}`);
  return `${error.getStatus()} ${error.code}`;
};

describe('PaymentsService.pay', () => {
  it("answers 404 for an order that is unknown or another user's, before anything else", async () => {
    const { service, orders, payments, provider } = setup({ order: null, previous: storedPayment() });
    expect(await codeOf(service.pay(USER, KEY, dto()))).toBe('404 PAYMENT.ORDER_NOT_FOUND');
    expect(orders.lockForUser).toHaveBeenCalledWith(ORDER_ID, USER, TX);
    expect(payments.priorOutcome).not.toHaveBeenCalled();
    expect(provider.charge).not.toHaveBeenCalled();
  });

  it('replays the stored response for a used key with the same request, charging nothing', async () => {
    const { service, provider, relay, payments, orders } = setup({ order: anOrder('paid'), previous: storedPayment() });
    expect(await service.pay(USER, KEY, dto())).toEqual({
      paymentId: 'pay-1',
      orderId: ORDER_ID,
      status: 'failed',
      failureCode: 'CARD_DECLINED',
    });
    expect(payments.priorOutcome).toHaveBeenCalledWith(USER, KEY, ['course-a', 'course-b'], TX);
    // Read after the purchase lock: its snapshot then includes whatever the lock's previous holder committed.
    expect(orders.lockPurchasesOf.mock.invocationCallOrder[0]).toBeLessThan(payments.priorOutcome.mock.invocationCallOrder[0]!);
    expect(provider.charge).not.toHaveBeenCalled();
    expect(relay.kick).not.toHaveBeenCalled();
  });

  it('refuses a used key with a different request with 422', async () => {
    const { service, provider } = setup({ previous: storedPayment(dto('tok_chargeDeclined')) });
    expect(await codeOf(service.pay(USER, KEY, dto('tok_visa')))).toBe('422 PAYMENT.IDEMPOTENCY_KEY_REUSED');
    expect(provider.charge).not.toHaveBeenCalled();
  });

  it('refuses a paid order with a new key with 409', async () => {
    const { service, provider } = setup({ order: anOrder('paid') });
    expect(await codeOf(service.pay(USER, KEY, dto()))).toBe('409 PAYMENT.ORDER_ALREADY_PAID');
    expect(provider.charge).not.toHaveBeenCalled();
  });

  it('refuses with 409 a course the user already paid for through another order, charging nothing', async () => {
    const { service, orders, provider } = setup({ owned: ['c-1'] });
    expect(await codeOf(service.pay(USER, KEY, dto()))).toBe('409 PAYMENT.ALREADY_OWNED');
    expect(orders.lockPurchasesOf).toHaveBeenCalledWith(USER, TX);
    expect(provider.charge).not.toHaveBeenCalled();
  });

  it('on success: charges the order total, stores payment and response, marks paid, enqueues the grant, then kicks the relay', async () => {
    const { service, provider, payments, relay } = setup();
    const response = await service.pay(USER, KEY, dto());
    expect(response).toEqual({ paymentId: expect.any(String), orderId: ORDER_ID, status: 'succeeded' });
    expect(provider.charge).toHaveBeenCalledWith({
      amountCents: 3000,
      currency: 'USD',
      token: 'tok_visa',
      idempotencyKey: `${USER}:${KEY}`,
    });
    expect(payments.recordCharge).toHaveBeenCalledWith(
      expect.objectContaining({
        id: response.paymentId,
        userId: USER,
        idempotencyKey: KEY,
        requestHash: hashPaymentRequest(dto()),
        status: 'succeeded',
        failureCode: null,
        amountCents: 3000,
        response,
      }),
      'paid',
      { type: 'order.paid', payload: { orderId: ORDER_ID, userId: USER, courseIds: ['course-a', 'course-b'] } },
      TX,
    );
    expect(relay.kick).toHaveBeenCalledOnce();
  });

  it('on a decline: stores the failure, marks the order failed, enqueues nothing', async () => {
    const { service, payments, relay } = setup({
      charge: { status: 'failed', providerRef: 'ref', failureCode: 'CARD_DECLINED' },
    });
    expect(await service.pay(USER, KEY, dto('tok_chargeDeclined'))).toMatchObject({
      status: 'failed',
      failureCode: 'CARD_DECLINED',
    });
    expect(payments.recordCharge).toHaveBeenCalledWith(expect.objectContaining({ status: 'failed' }), 'failed', undefined, TX);
    expect(relay.kick).not.toHaveBeenCalled();
  });

  it('lets a failed order be paid again with a new key', async () => {
    const { service, provider } = setup({ order: anOrder('failed') });
    expect(await service.pay(USER, KEY, dto())).toMatchObject({ status: 'succeeded' });
    expect(provider.charge).toHaveBeenCalledOnce();
  });

  it('answers a key that a racing request (for another order) committed first as a replay', async () => {
    const { service, payments, relay } = setup({ insertError: { code: '23505' } });
    payments.findByKey.mockResolvedValueOnce(storedPayment());
    expect(await service.pay(USER, KEY, dto())).toMatchObject({ paymentId: 'pay-1' });
    expect(payments.findByKey).toHaveBeenLastCalledWith(USER, KEY);
    expect(relay.kick).not.toHaveBeenCalled();
  });

  it('lets other failures through, without kicking the relay', async () => {
    const { service, relay } = setup({ insertError: new Error('connection lost') });
    await expect(service.pay(USER, KEY, dto())).rejects.toThrow('connection lost');
    expect(relay.kick).not.toHaveBeenCalled();
  });
});
