import { createHash } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { PaymentErrors } from '../common/payment.errors.js';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';
const KEY_PATTERN = /^[A-Za-z0-9_\-:.]{1,255}$/;

export function isValidIdempotencyKey(value: unknown): value is string {
  return typeof value === 'string' && KEY_PATTERN.test(value);
}

/** The request's Idempotency-Key; missing, repeated or malformed keys are all a 400. */
export const IdempotencyKey = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const value = context.switchToHttp().getRequest<FastifyRequest>().headers[IDEMPOTENCY_KEY_HEADER];
  if (!isValidIdempotencyKey(value)) throw PaymentErrors.idempotencyKeyRequired();
  return value;
});

export interface PaymentRequestFields {
  orderId: string;
  paymentMethod: { type: string; token: string };
}

/**
 * SHA-256 of the request's meaning, not its bytes: field order and UUID case do not change it,
 * so only a genuinely different request under a used key is refused.
 */
export function hashPaymentRequest(request: PaymentRequestFields): string {
  const canonical = JSON.stringify([request.orderId.toLowerCase(), request.paymentMethod.type, request.paymentMethod.token]);
  return createHash('sha256').update(canonical).digest('hex');
}
