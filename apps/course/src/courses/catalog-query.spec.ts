import { describe, expect, it } from 'vitest';
import { createValidationPipe } from '@azora/errors';
import { catalogCursorScope, escapeLike, parseSort, pickFields, splitFields } from './catalog-query.js';
import { CatalogQueryDto } from './dto/catalog-query.dto.js';

const parse = (query: Record<string, unknown>): Promise<CatalogQueryDto> =>
  createValidationPipe().transform(query, { type: 'query', metatype: CatalogQueryDto });

describe('catalog query', () => {
  it('parses the sort allowlist into column and direction', () => {
    expect(parseSort('-createdAt')).toEqual({ column: 'createdAt', direction: 'DESC' });
    expect(parseSort('title')).toEqual({ column: 'title', direction: 'ASC' });
    expect(parseSort('-priceCents')).toEqual({ column: 'priceCents', direction: 'DESC' });
  });

  it('splits fields from one or repeated parameters', () => {
    expect(splitFields('id, title,priceCents')).toEqual(['id', 'title', 'priceCents']);
    expect(splitFields(['id,title', 'slug'])).toEqual(['id', 'title', 'slug']);
    expect(splitFields('id,,title')).toEqual(['id', '', 'title']);
  });

  it('picks only the asked-for fields, in a stable order', () => {
    const course = {
      id: '1',
      title: 't',
      slug: 's',
      description: 'd',
      category: 'c',
      priceCents: 0,
      currency: 'USD',
      instructorId: 'i',
      lessonCount: 1,
      createdAt: 'x',
      updatedAt: 'y',
    };
    expect(pickFields(course, ['priceCents', 'id'])).toEqual({ id: '1', priceCents: 0 });
    expect(Object.keys(pickFields(course, ['priceCents', 'id']))).toEqual(['id', 'priceCents']);
    expect(pickFields(course, undefined)).toBe(course);
  });

  it('scopes cursors to the sort and filters, with the sort value type', () => {
    const scope = catalogCursorScope({ sort: '-priceCents', category: 'design' });
    expect(scope).toMatchObject({ sort: '-priceCents', valueType: 'integer' });
    expect(catalogCursorScope({ sort: '-priceCents', category: 'design', q: '' })).toEqual(scope);
    expect(catalogCursorScope({ sort: 'priceCents', category: 'design' }).filters).not.toBe(scope.filters);
    expect(catalogCursorScope({ sort: '-priceCents' }).filters).not.toBe(scope.filters);
    expect(catalogCursorScope({ sort: '-priceCents', q: 'design' }).filters).not.toBe(scope.filters);
    expect(catalogCursorScope({ sort: 'createdAt' }).valueType).toBe('timestamptz');
    expect(catalogCursorScope({ sort: '-title' }).valueType).toBe('text');
  });

  it('escapes LIKE wildcards and the escape character', () => {
    expect(escapeLike('100%_off\\')).toBe('100\\%\\_off\\\\');
  });

  it('defaults the sort and accepts the allowlisted values', async () => {
    const defaults = await parse({});
    expect(defaults).toMatchObject({ limit: 20, sort: '-createdAt' });
    expect(defaults.fields).toBeUndefined();
    const query = await parse({ fields: 'id,title,priceCents', sort: 'title', category: 'design', q: 'ty' });
    expect(query).toMatchObject({ fields: ['id', 'title', 'priceCents'], sort: 'title', category: 'design', q: 'ty' });
  });

  it.each([
    { fields: 'id,password' },
    { fields: '' },
    { fields: 'id,,title' },
    { fields: 'published' },
    { sort: 'price' },
    { sort: '-instructorId' },
    { q: ['a', 'b'] },
    { unknown: 'x' },
  ])('rejects %j with 400', async (query) => {
    await expect(parse(query)).rejects.toMatchObject({ code: 'REQUEST.VALIDATION_FAILED' });
  });
});
