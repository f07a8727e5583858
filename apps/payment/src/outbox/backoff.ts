/**
 * Delay before the next delivery attempt after `attempts` failed ones: base, 2×base, 4×base, …
 * capped at `maxMs`. It never gives up: an event stays pending until it is delivered.
 */
export function backoffDelayMs(attempts: number, baseMs: number, maxMs: number): number {
  const doublings = Math.min(Math.max(attempts - 1, 0), 30);
  return Math.min(baseMs * 2 ** doublings, maxMs);
}
