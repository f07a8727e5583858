import { AsyncLocalStorage } from 'node:async_hooks';

/** Who the current request acts for, so replica reads can honour that user's own writes. */
export interface ConsistencyScope {
  userId?: string;
}

export const consistencyScope = new AsyncLocalStorage<ConsistencyScope>();

/** Which replica a `ReadRouting.replica()` call chose, read when TypeORM opens its connection. */
export const replicaChoice = new AsyncLocalStorage<number>();
