import { randomUUID } from 'node:crypto';
import { ClientProxyFactory, type ClientProxy } from '@nestjs/microservices';
import { firstValueFrom, timeout } from 'rxjs';
import { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COURSE_PATTERNS, COURSE_QUEUE, natsOptions, type GrantEnrollmentsReply, type QuoteReply } from '@azora/messaging';
import { createCourse, signIn, startCourseService, type CourseBody, type CourseService } from './course-service.js';
import { startPrivateNats, type PrivateNats } from '../../support/private-nats.js';

// Over a NATS server of this file's own (see private-nats.ts), with the production queue group.
let nats: PrivateNats;
let service: CourseService;
let client: ClientProxy;
let paid: CourseBody;
let draft: CourseBody;

const send = <T>(pattern: string, payload: unknown): Promise<T> =>
  firstValueFrom(client.send<T>(pattern, payload).pipe(timeout(5000)));
const enrollmentOrders = (userId: string) =>
  service.app
    .get(DataSource)
    .query(`SELECT course_id, source_order_id FROM course.enrollments WHERE user_id = $1`, [userId]) as Promise<
    { course_id: string; source_order_id: string }[]
  >;

beforeAll(async () => {
  nats = await startPrivateNats();
  service = await startCourseService('course_messaging', natsOptions(nats.url, COURSE_QUEUE));
  await service.app.startAllMicroservices();
  client = ClientProxyFactory.create(natsOptions(nats.url));
  await client.connect();
  const instructor = await signIn(service.app, 'instructor');
  paid = await createCourse(service.app, instructor.authorization, { priceCents: 2500, currency: 'eur' });
  draft = await createCourse(service.app, instructor.authorization, { priceCents: 900, published: false });
});

afterAll(async () => {
  await client?.close();
  await service?.close();
  await nats?.stop();
});

describe('course.enrollments.grant', () => {
  it('acknowledges after commit and stays idempotent when delivered twice', async () => {
    const userId = randomUUID();
    const orderId = randomUUID();
    const request = { eventId: randomUUID(), orderId, userId, courseIds: [paid.id, randomUUID()] };
    expect(await send<GrantEnrollmentsReply>(COURSE_PATTERNS.grantEnrollments, request)).toEqual({
      acknowledged: true,
      granted: 1,
    });
    expect(await send<GrantEnrollmentsReply>(COURSE_PATTERNS.grantEnrollments, request)).toEqual({
      acknowledged: true,
      granted: 0,
    });
    expect(await enrollmentOrders(userId)).toEqual([{ course_id: paid.id, source_order_id: orderId }]);
  });

  it('grants concurrent deliveries of one order exactly once', async () => {
    const userId = randomUUID();
    const request = { eventId: randomUUID(), orderId: randomUUID(), userId, courseIds: [paid.id] };
    const replies = await Promise.all(
      Array.from({ length: 5 }, () => send<GrantEnrollmentsReply>(COURSE_PATTERNS.grantEnrollments, request)),
    );
    expect(replies.map((reply) => reply.granted).sort()).toEqual([0, 0, 0, 0, 1]);
    expect(await enrollmentOrders(userId)).toHaveLength(1);
  });

  it.each([
    ['a malformed user id', { eventId: 'e', orderId: randomUUID(), userId: 'nope', courseIds: [] }],
    ['a malformed course id', { eventId: 'e', orderId: randomUUID(), userId: randomUUID(), courseIds: ['nope'] }],
    ['a missing order id', { eventId: 'e', userId: randomUUID(), courseIds: [] }],
    ['an unknown field', { eventId: 'e', orderId: randomUUID(), userId: randomUUID(), courseIds: [], extra: 1 }],
    ['a string payload', 'grant please'],
    ['an array payload', [1, 2]],
  ])('replies with an error for %s instead of leaving the caller to time out', async (_, payload) => {
    await expect(send(COURSE_PATTERNS.grantEnrollments, payload)).rejects.toEqual({
      status: 'error',
      code: 'REQUEST.VALIDATION_FAILED',
      message: expect.any(String),
    });
  });
});

describe('course.quote', () => {
  it('quotes published courses with authoritative prices and ownership; unknown and unpublished are absent', async () => {
    const userId = randomUUID();
    const quote = () => send<QuoteReply>(COURSE_PATTERNS.quote, { userId, courseIds: [randomUUID(), paid.id, draft.id] });
    expect(await quote()).toEqual({
      courses: [{ id: paid.id, title: paid.title, priceCents: 2500, currency: 'EUR', alreadyEnrolled: false }],
    });
    await send(COURSE_PATTERNS.grantEnrollments, { eventId: 'e', orderId: randomUUID(), userId, courseIds: [paid.id] });
    expect((await quote()).courses).toEqual([expect.objectContaining({ id: paid.id, alreadyEnrolled: true })]);
  });

  it('answers an empty list, and bad input with an error reply', async () => {
    await expect(send(COURSE_PATTERNS.quote, { userId: randomUUID(), courseIds: [] })).resolves.toEqual({ courses: [] });
    await expect(send(COURSE_PATTERNS.quote, { userId: 'x', courseIds: 'y' })).rejects.toMatchObject({
      status: 'error',
      code: 'REQUEST.VALIDATION_FAILED',
    });
  });
});
