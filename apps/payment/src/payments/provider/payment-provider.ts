/** The DI token the payment service charges through; the simulator is bound to it by default. */
export const PAYMENT_PROVIDER = Symbol('PAYMENT_PROVIDER');

export interface ChargeRequest {
  amountCents: number;
  currency: string;
  /** The client's opaque card token, from the provider's own card form. */
  token: string;
  /** Lets the provider recognize a retried charge: the same key never charges twice. */
  idempotencyKey: string;
}

export type ChargeResult =
  { status: 'succeeded'; providerRef: string } | { status: 'failed'; providerRef: string; failureCode: string };

export interface PaymentProvider {
  charge(request: ChargeRequest): Promise<ChargeResult>;
}
