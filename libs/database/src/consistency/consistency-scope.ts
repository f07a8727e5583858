import { AsyncLocalStorage } from 'node:async_hooks';

/** Who the current request acts for, so replica reads can honour that user's own writes. */
export interface ConsistencyScope {
  userId?: string;
  /** A write request that changed nothing (an idempotent repeat): there is no write position to record. */
  unchanged?: boolean;
}

export const consistencyScope = new AsyncLocalStorage<ConsistencyScope>();

/**
 * Called by a handler whose write request turned out to change nothing, so its user's reads need
 * not wait for the primary's position. Opt-out on purpose: a write that forgets to call it is safe.
 */
export function nothingWritten(): void {
  const scope = consistencyScope.getStore();
  if (scope) scope.unchanged = true;
}

/** Which replica a `ReadRouting.replica()` call chose, read when TypeORM opens its connection. */
export const replicaChoice = new AsyncLocalStorage<number>();
