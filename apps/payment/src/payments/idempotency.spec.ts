import { describe, expect, it } from 'vitest';
import { hashPaymentRequest, isValidIdempotencyKey } from './idempotency.js';

const orderId = '3f2b8a9e-54c1-4d7e-9a0b-1c2d3e4f5a6b';
const request = (token = 'tok_visa', id = orderId) => ({ orderId: id, paymentMethod: { type: 'card', token } });

describe('idempotency', () => {
  it('hashes a request to a SHA-256 hex digest', () => {
    expect(hashPaymentRequest(request())).toMatch(/^[0-9a-f]{64}$/);
  });

  it('gives the same hash for the same request, whatever its key order or UUID case', () => {
    const reordered = { paymentMethod: { token: 'tok_visa', type: 'card' }, orderId: orderId.toUpperCase() };
    expect(hashPaymentRequest(reordered)).toBe(hashPaymentRequest(request()));
  });

  it('gives different hashes for a different token or order', () => {
    const base = hashPaymentRequest(request());
    expect(hashPaymentRequest(request('tok_chargeDeclined'))).not.toBe(base);
    expect(hashPaymentRequest(request('tok_visa', '00000000-0000-4000-8000-000000000000'))).not.toBe(base);
  });

  it('does not let field boundaries blur', () => {
    const a = { orderId, paymentMethod: { type: 'card', token: 'x"' } };
    const b = { orderId, paymentMethod: { type: 'card"', token: 'x' } };
    expect(hashPaymentRequest(a)).not.toBe(hashPaymentRequest(b));
  });

  it.each(['k', 'order-1:attempt.2', 'A_b-C:d.e', 'k'.repeat(255)])('accepts the key %s', (key) => {
    expect(isValidIdempotencyKey(key)).toBe(true);
  });

  it.each([undefined, '', 'k'.repeat(256), 'has space', 'a,b', 'ünï', ['a', 'b'], 42])('refuses the key %j', (key) => {
    expect(isValidIdempotencyKey(key)).toBe(false);
  });
});
