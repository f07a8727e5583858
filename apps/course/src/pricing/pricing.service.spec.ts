import { describe, expect, it, vi } from 'vitest';
import { PricingService } from './pricing.service.js';
import type { QuotesRepository } from './quotes.repository.js';

const A = 'aaaaaaaa-0000-4000-8000-000000000001';
const B = 'bbbbbbbb-0000-4000-8000-000000000002';
const USER = 'cccccccc-0000-4000-8000-000000000003';

describe('PricingService.quote', () => {
  it('answers in the order asked, once per course, leaving out what was not found', async () => {
    const findPublishedForUser = vi.fn().mockResolvedValue([
      { id: B, title: 'b', priceCents: 100, currency: 'USD', alreadyEnrolled: true },
      { id: A, title: 'a', priceCents: 0, currency: 'USD', alreadyEnrolled: false },
    ]);
    const service = new PricingService({ findPublishedForUser } as unknown as QuotesRepository);
    const missing = 'dddddddd-0000-4000-8000-000000000004';
    const reply = await service.quote({ userId: USER, courseIds: [A, missing, B.toUpperCase(), A] });
    expect(reply.courses.map((course) => course.id)).toEqual([A, B]);
    expect(findPublishedForUser).toHaveBeenCalledWith(USER, [A, missing, B]);
  });

  it('does not query for an empty list', async () => {
    const findPublishedForUser = vi.fn();
    const service = new PricingService({ findPublishedForUser } as unknown as QuotesRepository);
    await expect(service.quote({ userId: USER, courseIds: [] })).resolves.toEqual({ courses: [] });
    expect(findPublishedForUser).not.toHaveBeenCalled();
  });
});
