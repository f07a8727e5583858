import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { OutboxEventEntity } from './outbox-event.entity.js';

export type ClaimedEvent = Pick<OutboxEventEntity, 'id' | 'type' | 'payload' | 'attempts'>;

const MAX_ERROR_LENGTH = 1000;

/** Exported for the hot-query list's check (test/integration/data). */
export const CLAIM_DUE_SQL = `WITH due AS (
         SELECT id FROM "payment"."outbox"
          WHERE state = 'pending' AND next_attempt_at <= now()
          ORDER BY next_attempt_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED
       ), claimed AS (
         UPDATE "payment"."outbox" o
            SET next_attempt_at = now() + $2 * interval '1 millisecond'
           FROM due
          WHERE o.id = due.id
         RETURNING o.id, o.type, o.payload, o.attempts
       )
       SELECT id, type, payload, attempts FROM claimed`;

@Injectable()
export class OutboxRepository {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * Claims due events by leasing them: one statement (its own short transaction) locks due rows with
   * SKIP LOCKED, so concurrent relays take disjoint batches, and pushes their next_attempt_at past
   * the lease, which hides them from every relay while the claimer delivers them outside any transaction.
   */
  claimDue(limit: number, leaseMs: number): Promise<ClaimedEvent[]> {
    return this.dataSource.query(CLAIM_DUE_SQL, [limit, leaseMs]);
  }

  async markDelivered(id: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE "payment"."outbox" SET state = 'delivered', delivered_at = now(), last_error = NULL
        WHERE id = $1 AND state = 'pending'`,
      [id],
    );
  }

  async markFailed(id: string, retryInMs: number, error: string): Promise<void> {
    await this.dataSource.query(
      `UPDATE "payment"."outbox"
          SET attempts = attempts + 1, next_attempt_at = now() + $2 * interval '1 millisecond', last_error = $3
        WHERE id = $1 AND state = 'pending'`,
      [id, retryInMs, error.slice(0, MAX_ERROR_LENGTH)],
    );
  }

  async countPending(): Promise<number> {
    const [row] = (await this.dataSource.query(
      `SELECT count(*)::int AS count FROM "payment"."outbox" WHERE state = 'pending'`,
    )) as {
      count: number;
    }[];
    return row?.count ?? 0;
  }
}
