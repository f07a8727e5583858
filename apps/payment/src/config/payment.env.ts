import { IsInt, Max, Min } from 'class-validator';
import { BaseEnv } from '@azora/config';
import { LOCAL_PORTS } from '@azora/routing';

export class PaymentEnv extends BaseEnv {
  override PORT = LOCAL_PORTS.payment;

  /** How long a cart or checkout request waits for the course service's quote. */
  @IsInt()
  @Min(100)
  @Max(30_000)
  CATALOG_TIMEOUT_MS = 3000;

  @IsInt()
  @Min(50)
  @Max(60_000)
  OUTBOX_POLL_INTERVAL_MS = 300;

  @IsInt()
  @Min(10)
  @Max(60_000)
  OUTBOX_BASE_BACKOFF_MS = 250;

  /** Kept small: a course service that comes back should see its grants within seconds. */
  @IsInt()
  @Min(10)
  @Max(300_000)
  OUTBOX_MAX_BACKOFF_MS = 5000;

  @IsInt()
  @Min(1)
  @Max(500)
  OUTBOX_BATCH_SIZE = 20;

  @IsInt()
  @Min(100)
  @Max(30_000)
  OUTBOX_DELIVERY_TIMEOUT_MS = 2000;

  /** How long a claimed event is hidden from other relays; must outlast the delivery timeout. */
  @IsInt()
  @Min(1000)
  @Max(300_000)
  OUTBOX_LEASE_MS = 15_000;
}
