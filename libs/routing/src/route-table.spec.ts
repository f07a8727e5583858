import { describe, expect, it } from 'vitest';
import { matchRoute, ROUTE_TABLE, SERVICES } from './route-table.js';

describe('route table', () => {
  it('routes each prefix and its sub-paths, and nothing that merely starts alike', () => {
    expect(matchRoute('/api/courses')?.service).toBe('course');
    expect(matchRoute('/api/courses/1/content')?.service).toBe('course');
    expect(matchRoute('/api/cart/items')?.service).toBe('payment');
    expect(matchRoute('/api/coursesX')).toBeUndefined();
    expect(matchRoute('/health/live')).toBeUndefined();
  });

  it('has unique prefixes and serves every service', () => {
    const prefixes = ROUTE_TABLE.map((rule) => rule.pathPrefix);
    expect(new Set(prefixes).size).toBe(prefixes.length);
    expect(new Set(ROUTE_TABLE.map((rule) => rule.service))).toEqual(new Set(SERVICES));
  });
});
