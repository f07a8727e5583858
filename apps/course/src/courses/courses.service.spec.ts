import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthenticatedUser } from '@azora/auth';
import type { CourseEntity } from './course.entity.js';
import type { CoursesRepository } from './courses.repository.js';
import { CoursesService } from './courses.service.js';

const owner: AuthenticatedUser = { id: 'aaaaaaaa-0000-4000-8000-000000000001', role: 'instructor', sessionId: 's' };
const other: AuthenticatedUser = { id: 'bbbbbbbb-0000-4000-8000-000000000002', role: 'instructor', sessionId: 's' };
const admin: AuthenticatedUser = { id: 'cccccccc-0000-4000-8000-000000000003', role: 'admin', sessionId: 's' };
const when = new Date('2025-01-01T00:00:00Z');
const entity = (overrides: Partial<CourseEntity> = {}): CourseEntity => ({
  id: 'dddddddd-0000-4000-8000-000000000004',
  title: 'Go',
  slug: 'go-abc123',
  description: 'd',
  category: 'programming',
  priceCents: 0,
  currency: 'USD',
  instructorId: owner.id,
  published: true,
  lessonCount: 0,
  createdAt: when,
  updatedAt: when,
  ...overrides,
});

type Mocked = 'create' | 'findById' | 'findForDetail' | 'update' | 'findPublished' | 'countPublished';
let repository: Record<Mocked, ReturnType<typeof vi.fn>>;
let service: CoursesService;

beforeEach(() => {
  repository = {
    create: vi.fn(),
    findById: vi.fn(),
    findForDetail: vi.fn(),
    update: vi.fn(),
    findPublished: vi.fn(),
    countPublished: vi.fn(),
  };
  service = new CoursesService(repository as unknown as CoursesRepository);
});

describe('CoursesService', () => {
  it('creates with defaults, the caller as instructor, and retries a taken slug', async () => {
    repository.create.mockResolvedValueOnce(undefined).mockResolvedValueOnce(entity());
    await service.create(owner, {
      title: 'Go',
      description: 'd',
      category: 'programming',
      priceCents: 0,
      lessons: [{ title: 'a', body: 'b' }],
    });
    expect(repository.create).toHaveBeenCalledTimes(2);
    const [first] = repository.create.mock.calls[0]!;
    const [second, lessons] = repository.create.mock.calls[1]!;
    expect(second).toMatchObject({
      instructorId: owner.id,
      currency: 'USD',
      published: false,
      slug: expect.stringMatching(/^go-[0-9a-f]{6}$/),
    });
    expect(second.slug).not.toBe(first.slug);
    expect(lessons).toEqual([{ title: 'a', body: 'b' }]);
  });

  it('lets only the owning instructor or an admin change a course, and only the given fields', async () => {
    repository.findById.mockResolvedValue(entity());
    repository.update.mockResolvedValue(entity({ title: 'New' }));
    await expect(service.update(other, entity().id, { title: 'New' })).rejects.toMatchObject({
      code: 'COURSE.NOT_OWNER',
      status: 403,
    });
    expect(repository.update).not.toHaveBeenCalled();
    await expect(service.update(owner, entity().id, { title: 'New', published: undefined })).resolves.toMatchObject({
      title: 'New',
    });
    expect(repository.update).toHaveBeenCalledWith(entity().id, { title: 'New' });
    await expect(service.update(admin, entity().id, { published: false })).resolves.toBeDefined();
  });

  it('404s a change to an unknown course', async () => {
    repository.findById.mockResolvedValue(null);
    await expect(service.update(owner, entity().id, {})).rejects.toMatchObject({ code: 'COURSE.NOT_FOUND' });
  });

  it('shows unpublished courses only to their instructor and admins', async () => {
    repository.findForDetail.mockResolvedValue(entity({ published: false }));
    await expect(service.findVisible(entity().id, undefined)).rejects.toMatchObject({ status: 404 });
    await expect(service.findVisible(entity().id, other)).rejects.toMatchObject({ status: 404 });
    await expect(service.findVisible(entity().id, owner)).resolves.toMatchObject({ id: entity().id });
    await expect(service.findVisible(entity().id, admin)).resolves.toMatchObject({ id: entity().id });
  });

  it('lists a page with meta, a cursor for the next one and only the requested fields', async () => {
    const keyed = (id: string) => ({ row: entity({ id }), position: { value: 'Go', id } });
    repository.findPublished.mockResolvedValue([keyed(entity().id), keyed('eeeeeeee-0000-4000-8000-000000000005')]);
    repository.countPublished.mockResolvedValue(41);
    const page = await service.list({ page: 2, limit: 1, sort: 'title', fields: ['id', 'priceCents'] });
    expect(page).toEqual({
      data: [{ id: entity().id, priceCents: 0 }],
      meta: { page: 2, limit: 1, total: 41, hasNext: true, nextCursor: expect.any(String) },
    });
    const [filter, window] = repository.findPublished.mock.calls[0]!;
    expect(filter).toMatchObject({ order: { column: 'title', direction: 'ASC' } });
    expect(window).toEqual({ offset: 1, take: 2 });

    repository.findPublished.mockClear();
    repository.countPublished.mockClear();
    const next = await service.list({ cursor: page.meta.nextCursor!, limit: 1, sort: 'title' });
    expect(next.meta).toEqual({ limit: 1, hasNext: true, nextCursor: expect.any(String) });
    expect(repository.findPublished.mock.calls[0]![1]).toEqual({ offset: 0, after: { value: 'Go', id: entity().id }, take: 2 });
    expect(repository.countPublished).not.toHaveBeenCalled();
  });

  it('gives a title search the bounded total the repository counted', async () => {
    repository.findPublished.mockResolvedValue([]);
    repository.countPublished.mockResolvedValue({ total: 200, relation: 'gte' });
    const { meta } = await service.list({ limit: 20, sort: '-createdAt', q: 'intro' });
    expect(meta).toEqual({ page: 1, limit: 20, total: 200, totalRelation: 'gte', hasNext: false, nextCursor: null });
    expect(repository.countPublished).toHaveBeenCalledWith(expect.objectContaining({ q: 'intro' }));
  });

  it('refuses a cursor under another sort or filters, and offset pages past 10000 rows', async () => {
    repository.findPublished.mockResolvedValue([]);
    repository.countPublished.mockResolvedValue(0);
    const keyed = { row: entity(), position: { value: 'Go', id: entity().id } };
    repository.findPublished.mockResolvedValueOnce([keyed, keyed]);
    const { meta } = await service.list({ limit: 1, sort: 'title', category: 'design' });
    const cursor = meta.nextCursor!;
    await expect(service.list({ cursor, limit: 1, sort: 'title', category: 'design' })).resolves.toBeDefined();
    for (const other of [
      { sort: '-title' as const },
      { sort: 'title' as const },
      { sort: 'title' as const, category: 'design', q: 'x' },
    ]) {
      await expect(service.list({ cursor, limit: 1, ...other })).rejects.toMatchObject({ code: 'REQUEST.CURSOR_INVALID' });
    }
    await expect(service.list({ page: 501, limit: 20, sort: 'title' })).rejects.toMatchObject({ code: 'REQUEST.PAGE_TOO_DEEP' });
  });
});
