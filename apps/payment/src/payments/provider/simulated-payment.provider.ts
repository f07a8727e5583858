import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { ChargeRequest, ChargeResult, PaymentProvider } from './payment-provider.js';

export const SIMULATOR_TOKENS = { success: 'tok_visa', declined: 'tok_chargeDeclined' } as const;

/**
 * A deterministic stand-in for a card processor; no network. The outcome depends on the token only.
 * An unknown token is a failed payment (INVALID_TOKEN), not a 400: card tokens are opaque to us
 * and only the processor can judge them, so the attempt is recorded like any decline and the
 * order stays payable with another card.
 */
@Injectable()
export class SimulatedPaymentProvider implements PaymentProvider {
  charge(request: ChargeRequest): Promise<ChargeResult> {
    // Derived from the idempotency key, as a processor's charge id would be for a retried request.
    const providerRef = `sim_${createHash('sha256').update(request.idempotencyKey).digest('hex').slice(0, 24)}`;
    switch (request.token) {
      case SIMULATOR_TOKENS.success:
        return Promise.resolve({ status: 'succeeded', providerRef });
      case SIMULATOR_TOKENS.declined:
        return Promise.resolve({ status: 'failed', providerRef, failureCode: 'CARD_DECLINED' });
      default:
        return Promise.resolve({ status: 'failed', providerRef, failureCode: 'INVALID_TOKEN' });
    }
  }
}
