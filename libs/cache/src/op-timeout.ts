export class CacheUnavailable extends Error {}

/** A deadline check this late means the process, not Redis, was busy: the timer could not run on time. */
const LATE_CHECK_MS = 10;

/**
 * `promise`, or a `CacheUnavailable` rejection when it has not settled within `budgetMs` of time in
 * which this process was free to read the answer. Two things keep a busy process (a saturated event
 * loop, a long GC) from blaming Redis, opening the circuit breaker and sending every request to the
 * database at the very moment it is most loaded:
 * - the deadline is checked after the event loop's poll phase (setImmediate): timers run before the
 *   loop reads its sockets, so a reply already in the socket buffer is read first;
 * - a check that runs more than 10 ms late means the loop was busy meanwhile: the budget starts
 *   again, up to `maxMs` in all, so that an operation never waits without bound.
 * A dead Redis is not affected: the client rejects at once while disconnected (no offline queue).
 */
export function withinBudget<T>(promise: Promise<T>, budgetMs: number, maxMs = budgetMs * 10): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const started = performance.now();
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      const due = performance.now() + budgetMs;
      timer = setTimeout(() => {
        setImmediate(() => {
          if (settled) return;
          const now = performance.now();
          if (now - due > LATE_CHECK_MS && now - started + budgetMs <= maxMs) arm();
          else reject(new CacheUnavailable(`cache operation over ${Math.round(now - started)} ms`));
        });
      }, budgetMs);
    };
    arm();
    promise.then(
      (value) => {
        settled = true;
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        settled = true;
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
