import { Transport, type NatsOptions } from '@nestjs/microservices';

export const COURSE_CLIENT = Symbol('COURSE_CLIENT');
export const COURSE_QUEUE = 'course';

/**
 * NATS over Redis pub/sub or RabbitMQ: request-reply with a queue group gives one handler per
 * message across all replicas of a service, and a reply that doubles as the acknowledgement.
 * Durability comes from the sender's outbox, not the broker.
 */
export function natsOptions(url: string, queue?: string): NatsOptions {
  return {
    transport: Transport.NATS,
    options: {
      servers: [url],
      queue,
      name: queue ? `azora-${queue}` : undefined,
      maxReconnectAttempts: -1,
      reconnectTimeWait: 500,
    },
  };
}
