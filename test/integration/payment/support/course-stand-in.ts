import { connect, type Msg, type NatsConnection } from '@nats-io/transport-node';
import {
  COURSE_PATTERNS,
  COURSE_QUEUE,
  type GrantEnrollmentsReply,
  type GrantEnrollmentsRequest,
  type QuoteReply,
  type QuoteRequest,
} from '@azora/messaging';

export interface CatalogCourse {
  title: string;
  priceCents: number;
  currency: string;
  published?: boolean;
}

/** Nest's NATS transport: requests arrive as `{pattern, data, id}`, replies go back as `{id, response, isDisposed}`. */
interface NestPacket<T> {
  pattern: string;
  data: T;
  id: string;
}

/**
 * Stands in for the course service on NATS, speaking its contract from libs/messaging: a catalog
 * to quote from, per-user enrollments, and a record of every grant it acknowledged.
 */
export class CourseStandIn {
  readonly catalog = new Map<string, CatalogCourse>();
  readonly grants: GrantEnrollmentsRequest[] = [];
  /** How grants are answered: acknowledged, with an error reply (a failing handler), or never (a hung service). */
  grantMode: 'ack' | 'error' | 'hang' = 'ack';
  /** While set, quotes are never answered. */
  hangQuotes = false;
  private readonly enrolled = new Set<string>();
  private connection: NatsConnection | undefined;

  constructor(private readonly url: string) {}

  get running(): boolean {
    return this.connection !== undefined;
  }

  enroll(userId: string, courseId: string): void {
    this.enrolled.add(`${userId}:${courseId}`);
  }

  grantsFor(orderId: string): GrantEnrollmentsRequest[] {
    return this.grants.filter((grant) => grant.orderId === orderId);
  }

  async start(): Promise<void> {
    if (this.connection) return;
    const connection = await connect({ servers: [this.url] });
    connection.subscribe(COURSE_PATTERNS.quote, {
      queue: COURSE_QUEUE,
      callback: (_, msg) => {
        if (!this.hangQuotes) this.answer(msg, (data: QuoteRequest) => this.quote(data));
      },
    });
    connection.subscribe(COURSE_PATTERNS.grantEnrollments, {
      queue: COURSE_QUEUE,
      callback: (_, msg) => {
        if (this.grantMode !== 'hang') this.answer(msg, (data: GrantEnrollmentsRequest) => this.grant(data));
      },
    });
    await connection.flush();
    this.connection = connection;
  }

  async stop(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    await connection?.close();
  }

  private answer<T>(msg: Msg, handle: (data: T) => unknown): void {
    const packet = msg.json<NestPacket<T>>();
    try {
      msg.respond(JSON.stringify({ id: packet.id, response: handle(packet.data), isDisposed: true }));
    } catch (error) {
      // What Nest's server sends for an exception thrown by a handler.
      msg.respond(
        JSON.stringify({ id: packet.id, err: { status: 'error', message: (error as Error).message }, isDisposed: true }),
      );
    }
  }

  private quote({ userId, courseIds }: QuoteRequest): QuoteReply {
    const courses = courseIds.flatMap((id) => {
      const course = this.catalog.get(id);
      if (!course || course.published === false) return [];
      const { title, priceCents, currency } = course;
      return [{ id, title, priceCents, currency, alreadyEnrolled: this.enrolled.has(`${userId}:${id}`) }];
    });
    return { courses };
  }

  private grant(request: GrantEnrollmentsRequest): GrantEnrollmentsReply {
    if (this.grantMode === 'error') throw new Error('enrollments are failing');
    this.grants.push(request);
    const fresh = request.courseIds.filter((id) => !this.enrolled.has(`${request.userId}:${id}`));
    fresh.forEach((id) => this.enroll(request.userId, id));
    return { acknowledged: true, granted: fresh.length };
  }
}
