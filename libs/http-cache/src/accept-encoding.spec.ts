import { describe, expect, it } from 'vitest';
import { negotiateEncoding } from './accept-encoding.js';

describe(negotiateEncoding.name, () => {
  it.each([
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['gzip, deflate, br', 'br'],
    ['br;q=0.5, gzip;q=1', 'gzip'],
    ['br;q=0, gzip', 'gzip'],
    ['gzip;q=0.8, br;q=0.8', 'br'],
    ['*', 'gzip'],
    ['x-gzip;q=0.5', 'gzip'],
    ['GZIP', 'gzip'],
    ['gzip;q=abc, br;q=0.1', 'br'],
  ])('%j → %s', (header, expected) => {
    expect(negotiateEncoding(header)).toBe(expected);
  });

  it.each([undefined, '', 'identity', 'deflate, zstd', 'br;q=0, gzip;q=0'])('%j → nothing', (header) => {
    expect(negotiateEncoding(header)).toBeUndefined();
  });
});
