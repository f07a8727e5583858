import { randomUUID } from 'node:crypto';

export function pick<T>(items: readonly T[]): T | undefined {
  return items.length === 0 ? undefined : items[Math.floor(Math.random() * items.length)];
}

export const chance = (probability: number): boolean => Math.random() < probability;

/** k6/lib/random.js's think time: `mean` seconds ± 50 % (uniform), scaled. */
export const thinkMs = (mean: number, scale: number): number => mean * scale * (0.5 + Math.random()) * 1000;

export const uuid = (): string => randomUUID();
