import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { Pool, PoolClient } from 'pg';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type BaseEnv } from '@azora/config';
import { replicaChoice } from '../consistency/consistency-scope.js';
import { ReplicaMonitor } from './replica-monitor.js';

/** The parts of TypeORM's PostgresDriver this service relies on. */
interface ReplicatedDriver {
  master: Pool;
  slaves: Pool[];
  obtainSlaveConnection(): Promise<[PoolClient, () => void]>;
  obtainMasterConnection(): Promise<[PoolClient, () => void]>;
}

function connect(pool: Pool): Promise<[PoolClient, () => void]> {
  return new Promise((resolve, reject) => {
    pool.connect((error, client, release) => (error || !client ? reject(error as Error) : resolve([client, () => release()])));
  });
}

/**
 * Owns the replica side of the DataSource: the monitor that keeps the rotation, and the choice of
 * replica. TypeORM picks a random replica for every slave query runner and never skips a dead one,
 * so its `obtainSlaveConnection` is replaced by one that connects to the replica `ReadRouting` chose
 * (or the primary when a slave runner is opened outside it).
 */
@Injectable()
export class ReplicationService implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly monitor?: ReplicaMonitor;

  constructor(dataSource: DataSource, @Inject(APP_CONFIG) config: BaseEnv) {
    const driver = dataSource.driver as unknown as ReplicatedDriver;
    if (!driver.slaves?.length) return;
    this.monitor = new ReplicaMonitor(driver.master, driver.slaves, {
      maxLagMs: config.REPLICA_MAX_LAG_MS,
      pollIntervalMs: config.REPLICA_POLL_INTERVAL_MS,
    });
    driver.obtainSlaveConnection = () => {
      const index = replicaChoice.getStore();
      return index === undefined ? driver.obtainMasterConnection() : connect(driver.slaves[index]!);
    };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.monitor?.start();
  }

  onApplicationShutdown(): void {
    this.monitor?.stop();
  }
}
