import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import pg from 'pg';
import { PaymentEnv } from '../../../../apps/payment/src/config/payment.env.js';
import { PAYMENT_SERVICE, PaymentAppModule } from '../../../../apps/payment/src/payment-app.module.js';
import { createTestDatabase, type TestDatabase } from '../../../support/database.js';
import { bearerFor, bootTestService, testConfig } from '../../../support/service-app.js';
import { CourseStandIn, type CatalogCourse } from './course-stand-in.js';
import { startPrivateNats, type PrivateNats } from '../../../support/private-nats.js';

type InjectOptions = Parameters<NestFastifyApplication['inject']>[0] & object;
type Reply = Awaited<ReturnType<NestFastifyApplication['inject']>>;

export interface TestUser {
  id: string;
  authorization: string;
}

/** Fast timings so failures and retries show within a test's time; expected warnings stay quiet. */
const FAST: Record<string, string> = {
  LOG_LEVEL: 'error',
  CATALOG_TIMEOUT_MS: '400',
  OUTBOX_POLL_INTERVAL_MS: '100',
  OUTBOX_BASE_BACKOFF_MS: '50',
  OUTBOX_MAX_BACKOFF_MS: '400',
  OUTBOX_DELIVERY_TIMEOUT_MS: '400',
  OUTBOX_LEASE_MS: '2000',
};

/** One spec file's world: its own database, its own nats-server, a course stand-in and the payment service. */
export class PaymentHarness {
  app!: NestFastifyApplication;
  courses!: CourseStandIn;
  private db!: TestDatabase;
  private nats!: PrivateNats;
  private sql!: pg.Client;

  async start(label: string): Promise<void> {
    this.nats = await startPrivateNats();
    this.courses = new CourseStandIn(this.nats.url);
    await this.courses.start();
    this.db = await createTestDatabase(label);
    const config = testConfig(PaymentEnv, this.db.urlFor('payment'), { ...FAST, NATS_URL: this.nats.url });
    this.app = await bootTestService(PaymentAppModule.forRoot(config), { identity: PAYMENT_SERVICE });
    this.sql = new pg.Client({ connectionString: this.db.adminUrl });
    await this.sql.connect();
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.sql?.end();
    await this.courses?.stop();
    await this.nats?.stop();
    await this.db?.drop();
  }

  async user(): Promise<TestUser> {
    const id = randomUUID();
    return { id, authorization: await bearerFor(this.app, id) };
  }

  /** A course in the stand-in's catalog; USD 19.99 unless told otherwise. */
  course(overrides: Partial<CatalogCourse> = {}): string {
    const id = randomUUID();
    this.courses.catalog.set(id, { title: `Course ${id.slice(0, 8)}`, priceCents: 1999, currency: 'USD', ...overrides });
    return id;
  }

  request(user: TestUser | undefined, options: InjectOptions): Promise<Reply> {
    const headers = { ...(user ? { authorization: user.authorization } : {}), ...(options.headers ?? {}) };
    return this.app.inject({ ...options, headers } as InjectOptions);
  }

  addToCart(user: TestUser, courseId: string): Promise<Reply> {
    return this.request(user, { method: 'POST', url: '/api/cart/items', payload: { courseId } });
  }

  checkout(user: TestUser): Promise<Reply> {
    return this.request(user, { method: 'POST', url: '/api/checkout' });
  }

  pay(user: TestUser, orderId: string, key: string | undefined, token = 'tok_visa'): Promise<Reply> {
    const headers: Record<string, string> = key === undefined ? {} : { 'idempotency-key': key };
    return this.request(user, {
      method: 'POST',
      url: '/api/payments',
      headers,
      payload: { orderId, paymentMethod: { type: 'card', token } },
    });
  }

  /** A fresh pending order for `user` over new courses. */
  async order(user: TestUser, courseCount = 1): Promise<{ orderId: string; courseIds: string[]; totalCents: number }> {
    const courseIds = Array.from({ length: courseCount }, () => this.course());
    for (const id of courseIds) expectStatus(await this.addToCart(user, id), 201);
    const checkout = await this.checkout(user);
    expectStatus(checkout, 201);
    const { orderId, totalCents } = checkout.json<{ orderId: string; totalCents: number }>();
    return { orderId, courseIds, totalCents };
  }

  /** Reads the payment schema directly, as the superuser. */
  async query<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
    return (await this.sql.query<T>(text, values)).rows;
  }
}

export function expectStatus(reply: Reply, status: number): void {
  if (reply.statusCode !== status) throw new Error(`expected ${status}, got ${reply.statusCode}: ${reply.body}`);
}

export { eventually } from '../../../support/eventually.js';
