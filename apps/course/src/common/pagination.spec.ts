import { describe, expect, it } from 'vitest';
import { createValidationPipe } from '@azora/errors';
import { pageMeta, pageOffset, PaginationQueryDto } from './pagination.js';

const parse = (query: Record<string, unknown>): Promise<PaginationQueryDto> =>
  createValidationPipe().transform(query, { type: 'query', metatype: PaginationQueryDto });

describe('pagination', () => {
  it('computes the offset and whether a next page exists', () => {
    expect(pageOffset({ page: 3, limit: 20 })).toBe(40);
    expect(pageMeta({ page: 1, limit: 20 }, 21)).toEqual({ page: 1, limit: 20, total: 21, hasNext: true });
    expect(pageMeta({ page: 2, limit: 20 }, 40)).toEqual({ page: 2, limit: 20, total: 40, hasNext: false });
    expect(pageMeta({ page: 5, limit: 20 }, 0)).toMatchObject({ hasNext: false });
  });

  it('defaults to page 1 of 20 and converts query strings', async () => {
    expect(await parse({})).toMatchObject({ page: 1, limit: 20 });
    expect(await parse({ page: '3', limit: '100' })).toMatchObject({ page: 3, limit: 100 });
  });

  it.each([
    { limit: '0' },
    { limit: '101' },
    { page: '0' },
    { page: 'abc' },
    { page: '1.5' },
    { page: '' },
    { page: ['1', '2'] },
    { other: '1' },
  ])('rejects %j with 400', async (query) => {
    await expect(parse(query)).rejects.toMatchObject({ code: 'REQUEST.VALIDATION_FAILED', status: 400 });
  });
});
