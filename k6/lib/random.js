// @ts-check
/** Randomness for realistic traffic: pickers, jittered think time and UUIDs. */
import { sleep } from 'k6';
import { randomBytes } from 'k6/crypto';
import { config } from './config.js';

/**
 * @template T
 * @param {readonly T[]} items
 * @returns {T | undefined} a uniformly random item, or undefined for an empty list
 */
export function pick(items) {
  return items.length === 0 ? undefined : items[Math.floor(Math.random() * items.length)];
}

/**
 * @param {number} probability between 0 and 1
 * @returns {boolean} true with the given probability
 */
export function chance(probability) {
  return Math.random() < probability;
}

/**
 * Think time: sleeps `seconds` ± 50 % (uniform), scaled by THINK_SCALE, like a person reading a page.
 * @param {number} seconds mean pause
 */
export function think(seconds) {
  const pause = seconds * config.thinkScale * (0.5 + Math.random());
  if (pause > 0) sleep(pause);
}

/** @returns {string} a random RFC 4122 version-4 UUID (for Idempotency-Key headers) */
export function uuidv4() {
  const bytes = new Uint8Array(randomBytes(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** @returns {string} a short id that makes this run's test users unique (base 36 time + random) */
export function newRunId() {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4)
    .toString(36)
    .padStart(4, '0')}`;
}
