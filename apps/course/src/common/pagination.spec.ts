import { describe, expect, it } from 'vitest';
import { createValidationPipe } from '@azora/errors';
import { PaginationQueryDto } from './pagination.js';

const parse = (query: Record<string, unknown>): Promise<PaginationQueryDto> =>
  createValidationPipe().transform(query, { type: 'query', metatype: PaginationQueryDto });

describe('PaginationQueryDto', () => {
  it('defaults to 20 rows, leaves page and cursor unset and converts query strings', async () => {
    const defaults = await parse({});
    expect(defaults).toMatchObject({ limit: 20 });
    expect(defaults.page).toBeUndefined();
    expect(defaults.cursor).toBeUndefined();
    expect(await parse({ page: '3', limit: '100' })).toMatchObject({ page: 3, limit: 100 });
    expect(await parse({ cursor: 'abc', limit: '5' })).toMatchObject({ cursor: 'abc', limit: 5 });
  });

  it('leaves depth to the deep-page rule rather than a maximum page', async () => {
    expect(await parse({ page: '1000000' })).toMatchObject({ page: 1_000_000 });
  });

  it.each([
    { limit: '0' },
    { limit: '101' },
    { page: '0' },
    { page: 'abc' },
    { page: '1.5' },
    { page: '' },
    { page: ['1', '2'] },
    { cursor: ['a', 'b'] },
    { page: '1', cursor: 'abc' },
    { page: '2', cursor: '' },
    { other: '1' },
  ])('rejects %j with 400', async (query) => {
    await expect(parse(query)).rejects.toMatchObject({ code: 'REQUEST.VALIDATION_FAILED', status: 400 });
  });

  it('says why page and cursor together are refused', async () => {
    await expect(parse({ page: '1', cursor: 'abc' })).rejects.toMatchObject({
      message: expect.stringContaining('cursor and page cannot be combined'),
    });
  });
});
