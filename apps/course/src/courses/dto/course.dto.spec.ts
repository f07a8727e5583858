import { describe, expect, it } from 'vitest';
import { createValidationPipe } from '@azora/errors';
import { CreateCourseDto, UpdateCourseDto } from './course.dto.js';

const body = <T>(metatype: new () => T, value: object): Promise<T> =>
  createValidationPipe().transform(value, { type: 'body', metatype });
const valid = { title: '  Go  ', description: 'd', category: 'programming', priceCents: 0 };

describe('course bodies', () => {
  it('trims, upper-cases the currency and keeps lessons in order', async () => {
    const dto = await body(CreateCourseDto, {
      ...valid,
      currency: 'eur',
      lessons: [
        { title: 'a', body: 'b' },
        { title: 'c', body: 'd' },
      ],
    });
    expect(dto).toMatchObject({ title: 'Go', currency: 'EUR', lessons: [{ title: 'a' }, { title: 'c' }] });
  });

  it.each([
    { ...valid, priceCents: -1 },
    { ...valid, priceCents: 1.5 },
    { ...valid, priceCents: '100' },
    { ...valid, currency: 'XXQ' },
    { ...valid, published: 'yes' },
    { ...valid, title: '   ' },
    { ...valid, lessons: [{ title: 'a' }] },
    { ...valid, lessons: [{ title: 'a', body: 'b', position: 3 }] },
    { ...valid, currency: null },
    { ...valid, instructorId: '00000000-0000-4000-8000-000000000000' },
    { description: 'd', category: 'c', priceCents: 0 },
  ])('rejects creation body %j', async (value) => {
    await expect(body(CreateCourseDto, value)).rejects.toMatchObject({ code: 'REQUEST.VALIDATION_FAILED' });
  });

  it('leaves absent fields out of an update, so no default overwrites anything', async () => {
    const dto = await body(UpdateCourseDto, { title: 'New' });
    expect({ ...dto }).toEqual({ title: 'New' });
  });

  it.each([{ title: null }, { published: null }, { lessons: [] }, { slug: 'x' }, { priceCents: -5 }])(
    'rejects update body %j',
    async (value) => {
      await expect(body(UpdateCourseDto, value)).rejects.toMatchObject({ code: 'REQUEST.VALIDATION_FAILED' });
    },
  );
});
