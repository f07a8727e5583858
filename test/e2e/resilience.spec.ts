import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { instructorClient, orderFor, publishCourse, type CourseFixture } from '../support/e2e-fixtures.js';
import { startE2EStack, type E2EStack } from '../support/e2e-stack.js';
import { ApiClient, eventually } from '../support/http-client.js';

let env: E2EStack;
let api: ApiClient;
let paidCourse: CourseFixture;

beforeAll(async () => {
  env = await startE2EStack('resilience');
  const instructor = await instructorClient(env);
  api = instructor.api;
  paidCourse = await publishCourse(api, instructor.token, 2500);
});

afterAll(async () => {
  await env?.close();
});

describe('a payment while the course service is down', () => {
  it('still enrolls the buyer, once, after the course service comes back', async () => {
    const student = await api.signUp();
    const orderId = await orderFor(api, student.token, paidCourse.id);

    await env.stack.stopProcess('course');
    const payment = await api.post(
      '/api/payments',
      { orderId, paymentMethod: { type: 'card', token: 'tok_visa' } },
      { token: student.token, headers: { 'idempotency-key': randomUUID() } },
    );
    expect(payment.status).toBe(201);
    expect(payment.body.status).toBe('succeeded');
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const pending = await env.query<{ state: string }>(`SELECT state FROM payment.outbox WHERE payload->>'orderId' = $1`, [
      orderId,
    ]);
    expect(pending.rows.map((row) => row.state)).toEqual(['pending']);

    await env.stack.startProcess('course');
    await eventually(async () => {
      const content = await api.get(`/api/courses/${paidCourse.id}/content`, { token: student.token });
      return content.status === 200 ? true : undefined;
    }, 15_000);

    const enrollments = await env.query<{ count: string }>(
      'SELECT count(*) FROM course.enrollments WHERE user_id = $1 AND course_id = $2',
      [student.id, paidCourse.id],
    );
    expect(Number(enrollments.rows[0]!.count)).toBe(1);
    const delivered = await eventually(async () => {
      const { rows } = await env.query<{ state: string }>(`SELECT state FROM payment.outbox WHERE payload->>'orderId' = $1`, [
        orderId,
      ]);
      return rows.every((row) => row.state === 'delivered') ? rows : undefined;
    }, 5000);
    expect(delivered).toHaveLength(1);
  });
});
