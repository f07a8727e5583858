import { describe, expect, it } from 'vitest';
import { SimulatedPaymentProvider } from './simulated-payment.provider.js';

const provider = new SimulatedPaymentProvider();
const charge = (token: string, idempotencyKey = 'user:key-1') =>
  provider.charge({ amountCents: 1999, currency: 'USD', token, idempotencyKey });

describe('SimulatedPaymentProvider', () => {
  it('succeeds for tok_visa', async () => {
    expect(await charge('tok_visa')).toEqual({ status: 'succeeded', providerRef: expect.stringMatching(/^sim_[0-9a-f]{24}$/) });
  });

  it('declines tok_chargeDeclined with CARD_DECLINED', async () => {
    expect(await charge('tok_chargeDeclined')).toMatchObject({ status: 'failed', failureCode: 'CARD_DECLINED' });
  });

  it.each(['tok_mastercard', 'TOK_VISA', ''])('fails any other token (%j) with INVALID_TOKEN', async (token) => {
    expect(await charge(token)).toMatchObject({ status: 'failed', failureCode: 'INVALID_TOKEN' });
  });

  it('is deterministic: the same idempotency key gives the same provider reference', async () => {
    expect((await charge('tok_visa', 'a')).providerRef).toBe((await charge('tok_visa', 'a')).providerRef);
    expect((await charge('tok_visa', 'a')).providerRef).not.toBe((await charge('tok_visa', 'b')).providerRef);
  });
});
