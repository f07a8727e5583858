import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { AuthenticatedUser } from '@azora/auth';
import type { CourseEntity } from '../courses/course.entity.js';
import type { CoursesRepository } from '../courses/courses.repository.js';
import type { EnrollmentRow, EnrollmentsRepository } from './enrollments.repository.js';
import { EnrollmentsService } from './enrollments.service.js';

const INSTRUCTOR = 'aaaaaaaa-0000-4000-8000-000000000001';
const student: AuthenticatedUser = { id: 'bbbbbbbb-0000-4000-8000-000000000002', role: 'student', sessionId: 's' };
const owner: AuthenticatedUser = { id: INSTRUCTOR, role: 'instructor', sessionId: 's' };
const admin: AuthenticatedUser = { id: 'cccccccc-0000-4000-8000-000000000003', role: 'admin', sessionId: 's' };
const COURSE_ID = 'dddddddd-0000-4000-8000-000000000004';

const course = (overrides: Partial<CourseEntity> = {}): CourseEntity =>
  ({ id: COURSE_ID, instructorId: INSTRUCTOR, published: true, priceCents: 0, ...overrides }) as CourseEntity;
const enrollment = (userId = student.id): EnrollmentRow => ({
  courseId: COURSE_ID,
  userId,
  enrolledAt: new Date('2025-01-01T00:00:00Z'),
});

let courses: Record<'findForAccess' | 'findById' | 'findLessons', ReturnType<typeof vi.fn>>;
let enrollments: Record<'find' | 'insertOrFind' | 'grantForOrder' | 'findPageForUser' | 'countForUser', ReturnType<typeof vi.fn>>;
let service: EnrollmentsService;

beforeEach(() => {
  // The cached view and the primary agree unless a test says otherwise.
  const findById = vi.fn();
  courses = { findForAccess: vi.fn((id: string) => findById(id)), findById, findLessons: vi.fn().mockResolvedValue([]) };
  enrollments = {
    find: vi.fn().mockResolvedValue(undefined),
    insertOrFind: vi.fn(),
    grantForOrder: vi.fn(),
    findPageForUser: vi.fn(),
    countForUser: vi.fn(),
  };
  service = new EnrollmentsService(courses as unknown as CoursesRepository, enrollments as unknown as EnrollmentsRepository);
});

describe('EnrollmentsService.enroll', () => {
  it('enrolls in a free course and reports it as new', async () => {
    courses.findById.mockResolvedValue(course());
    enrollments.insertOrFind.mockResolvedValue({ row: enrollment(), created: true });
    await expect(service.enroll(student, COURSE_ID)).resolves.toEqual({
      created: true,
      enrollment: { courseId: COURSE_ID, userId: student.id, enrolledAt: '2025-01-01T00:00:00.000Z' },
    });
  });

  it('answers a repeated free enrollment with the existing one', async () => {
    courses.findById.mockResolvedValue(course());
    enrollments.insertOrFind.mockResolvedValue({ row: enrollment(), created: false });
    await expect(service.enroll(student, COURSE_ID)).resolves.toMatchObject({ created: false });
  });

  it('asks for payment (402) for a paid course not bought, without writing', async () => {
    courses.findById.mockResolvedValue(course({ priceCents: 4900 }));
    await expect(service.enroll(student, COURSE_ID)).rejects.toMatchObject({ code: 'COURSE.PAYMENT_REQUIRED', status: 402 });
    expect(enrollments.insertOrFind).not.toHaveBeenCalled();
  });

  it('returns the purchase enrollment of a paid course already bought', async () => {
    courses.findById.mockResolvedValue(course({ priceCents: 4900 }));
    enrollments.find.mockResolvedValue(enrollment());
    await expect(service.enroll(student, COURSE_ID)).resolves.toMatchObject({
      created: false,
      enrollment: { userId: student.id },
    });
  });

  it('hides unknown and unpublished courses (404), except from their instructor', async () => {
    courses.findById.mockResolvedValue(null);
    await expect(service.enroll(student, COURSE_ID)).rejects.toMatchObject({ code: 'COURSE.NOT_FOUND', status: 404 });
    courses.findById.mockResolvedValue(course({ published: false }));
    await expect(service.enroll(student, COURSE_ID)).rejects.toMatchObject({ code: 'COURSE.NOT_FOUND' });
    enrollments.insertOrFind.mockResolvedValue({ row: enrollment(owner.id), created: true });
    await expect(service.enroll(owner, COURSE_ID)).resolves.toMatchObject({ created: true });
  });
});

describe('EnrollmentsService.enroll with a cached view behind a write', () => {
  it('decides on the primary when the course row refused what the cached view allowed (now paid: 402)', async () => {
    courses.findForAccess.mockResolvedValueOnce(course());
    courses.findById.mockResolvedValue(course({ priceCents: 4900 }));
    enrollments.insertOrFind.mockResolvedValue(undefined);
    await expect(service.enroll(student, COURSE_ID)).rejects.toMatchObject({ code: 'COURSE.PAYMENT_REQUIRED', status: 402 });
    expect(enrollments.insertOrFind).toHaveBeenCalledWith(student.id, COURSE_ID, false);
  });

  it('enrolls when the cached view refused a course that the primary shows free and published', async () => {
    courses.findForAccess.mockResolvedValueOnce(course({ published: false }));
    courses.findById.mockResolvedValue(course());
    enrollments.insertOrFind.mockResolvedValue({ row: enrollment(), created: true });
    await expect(service.enroll(student, COURSE_ID)).resolves.toMatchObject({ created: true });
  });

  it('answers 409 COURSE.CHANGED when even the primary view is refused by the row (a change in between)', async () => {
    courses.findById.mockResolvedValue(course());
    enrollments.insertOrFind.mockResolvedValue(undefined);
    await expect(service.enroll(admin, COURSE_ID)).rejects.toMatchObject({ code: 'COURSE.CHANGED', status: 409 });
    expect(enrollments.insertOrFind).toHaveBeenLastCalledWith(admin.id, COURSE_ID, true);
  });
});

describe('EnrollmentsService.content', () => {
  it('refuses a student who is not enrolled with 403 COURSE.NOT_ENROLLED', async () => {
    courses.findById.mockResolvedValue(course());
    await expect(service.content(student, COURSE_ID)).rejects.toMatchObject({ code: 'COURSE.NOT_ENROLLED', status: 403 });
    expect(courses.findLessons).not.toHaveBeenCalled();
  });

  it('opens the lessons for an enrolled student, the instructor and an admin', async () => {
    courses.findById.mockResolvedValue(course({ priceCents: 999 }));
    courses.findLessons.mockResolvedValue([{ id: 'l1', courseId: COURSE_ID, position: 1, title: 't', body: 'b' }]);
    enrollments.find.mockResolvedValue(enrollment());
    const expected = { courseId: COURSE_ID, lessons: [{ id: 'l1', position: 1, title: 't', body: 'b' }] };
    await expect(service.content(student, COURSE_ID)).resolves.toEqual(expected);
    enrollments.find.mockResolvedValue(undefined);
    await expect(service.content(owner, COURSE_ID)).resolves.toEqual(expected);
    await expect(service.content(admin, COURSE_ID)).resolves.toEqual(expected);
  });

  it('keeps access for an enrolled student after unpublishing, and 404s everyone else', async () => {
    courses.findById.mockResolvedValue(course({ published: false }));
    await expect(service.content(student, COURSE_ID)).rejects.toMatchObject({ code: 'COURSE.NOT_FOUND' });
    enrollments.find.mockResolvedValue(enrollment());
    await expect(service.content(student, COURSE_ID)).resolves.toMatchObject({ courseId: COURSE_ID });
  });
});

describe('EnrollmentsService.grant', () => {
  it('grants each course once, whatever the case or repetition of ids', async () => {
    enrollments.grantForOrder.mockResolvedValue(1);
    const upper = COURSE_ID.toUpperCase();
    await service.grant({ eventId: 'e', orderId: 'o', userId: student.id, courseIds: [COURSE_ID, upper, COURSE_ID] });
    expect(enrollments.grantForOrder).toHaveBeenCalledWith(student.id, [COURSE_ID], 'o');
  });
});

describe('EnrollmentsService.listMine', () => {
  const mine = (n: number) => ({
    row: { courseId: COURSE_ID, title: `t${n}`, enrolledAt: new Date('2025-01-01T00:00:00Z') },
    position: { value: `2025-01-01T00:00:00.00000${n}Z`, id: `eeeeeeee-0000-4000-8000-00000000000${n}` },
  });

  it('pages by offset with a total, then by cursor without counting', async () => {
    enrollments.findPageForUser.mockResolvedValue([mine(1), mine(2)]);
    enrollments.countForUser.mockResolvedValue(5);
    const first = await service.listMine(student, { limit: 1 });
    expect(first).toEqual({
      data: [{ courseId: COURSE_ID, title: 't1', enrolledAt: '2025-01-01T00:00:00.000Z' }],
      meta: { page: 1, limit: 1, total: 5, hasNext: true, nextCursor: expect.any(String) },
    });
    enrollments.countForUser.mockClear();
    enrollments.findPageForUser.mockResolvedValue([mine(2)]);
    const next = await service.listMine(student, { limit: 1, cursor: first.meta.nextCursor! });
    expect(next.meta).toEqual({ limit: 1, hasNext: false, nextCursor: null });
    expect(enrollments.findPageForUser).toHaveBeenLastCalledWith(student.id, { offset: 0, after: mine(1).position, take: 2 });
    expect(enrollments.countForUser).not.toHaveBeenCalled();
  });
});
