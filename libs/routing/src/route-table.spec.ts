import { describe, expect, it } from 'vitest';
import { ROUTE_TABLE, SERVICES } from './route-table.js';

describe('route table', () => {
  it('has prefixes that never overlap, so the order of rules cannot matter', () => {
    for (const a of ROUTE_TABLE) {
      for (const b of ROUTE_TABLE) {
        if (a !== b) expect(b.pathPrefix.startsWith(`${a.pathPrefix}/`) || a.pathPrefix === b.pathPrefix).toBe(false);
      }
    }
  });

  it('routes only the API and serves every service', () => {
    expect(ROUTE_TABLE.every((rule) => rule.pathPrefix.startsWith('/api/'))).toBe(true);
    expect(new Set(ROUTE_TABLE.map((rule) => rule.service))).toEqual(new Set(SERVICES));
  });
});
