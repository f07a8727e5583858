import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

/**
 * Where a read runs is chosen where the query is written: `primary()` by default, `replica()` only
 * for staleness-tolerant reads (catalog pages, course detail).
 */
@Injectable()
export class ReadRouting {
  constructor(private readonly dataSource: DataSource) {}

  primary<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return work(this.dataSource.manager);
  }

  /** A healthy replica that has replayed the caller's own writes, else the primary. */
  async replica<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    const runner = this.dataSource.createQueryRunner('slave');
    try {
      return await work(runner.manager);
    } finally {
      await runner.release();
    }
  }
}
