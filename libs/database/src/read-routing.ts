import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { replicaChoice } from './consistency/consistency-scope.js';
import { ReadYourWrites } from './consistency/read-your-writes.js';
import { DATABASE_OPTIONS, type ServiceDatabaseOptions } from './data-source-options.js';
import { isConnectionFailure } from './replication/connection-failure.js';
import { ReplicationService } from './replication/replication.service.js';

type Work<T> = (manager: EntityManager) => Promise<T>;

/**
 * Where a read runs is chosen where the query is written: `primary()` by default, `replica()` only
 * for staleness-tolerant reads (catalog pages, course detail). Writes and transactions always use
 * the primary through the repositories' own managers.
 */
@Injectable()
export class ReadRouting {
  constructor(
    private readonly dataSource: DataSource,
    private readonly replication: ReplicationService,
    private readonly readYourWrites: ReadYourWrites,
    @Inject(DATABASE_OPTIONS) private readonly options: ServiceDatabaseOptions,
  ) {}

  primary<T>(work: Work<T>): Promise<T> {
    return work(this.dataSource.manager);
  }

  /**
   * A replica in rotation that has replayed the caller's own writes; otherwise, or when that
   * replica fails mid-read, the primary. A replica outage never fails the request.
   */
  async replica<T>(work: Work<T>): Promise<T> {
    const monitor = this.replication.monitor;
    // Without replicaReads no write records its position: a replica could not be trusted with the caller's own writes.
    if (!monitor || !this.options.replicaReads) return this.primary(work);
    const requirement = await this.readYourWrites.requirement();
    if (requirement === 'unknown') return this.primary(work);
    const index = monitor.pick(requirement === 'none' ? undefined : requirement);
    if (index === undefined) return this.primary(work);
    try {
      return await replicaChoice.run(index, () => this.onReplica(work));
    } catch (error) {
      if (!isConnectionFailure(error)) throw error;
      monitor.markFailed(index, error);
      return this.primary(work);
    }
  }

  private async onReplica<T>(work: Work<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner('slave');
    try {
      return await work(runner.manager);
    } finally {
      await runner.release();
    }
  }
}
