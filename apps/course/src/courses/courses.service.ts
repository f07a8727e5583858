import { Injectable } from '@nestjs/common';
import type { AuthenticatedUser } from '@azora/auth';
import { courseNotFound, notCourseOwner } from '../common/course.errors.js';
import { paginate, resolvePaging } from '../common/paging.js';
import { catalogCursorScope, parseSort, pickFields } from './catalog-query.js';
import { canView, isOwnerOrAdmin } from './course-access.js';
import type { CourseEntity } from './course.entity.js';
import { CoursesRepository, type CourseChanges } from './courses.repository.js';
import type { CatalogPageDto, CatalogQueryDto } from './dto/catalog-query.dto.js';
import { DEFAULT_CURRENCY } from './dto/course-fields.js';
import { toCourseResponse, type CourseResponseDto, type CreateCourseDto, type UpdateCourseDto } from './dto/course.dto.js';
import { courseSlug } from './slug.js';

// A 24-bit random suffix collides about once in millions of equal titles; retrying covers that.
const SLUG_ATTEMPTS = 3;
const CHANGEABLE: readonly (keyof CourseChanges)[] = ['title', 'description', 'category', 'priceCents', 'currency', 'published'];

@Injectable()
export class CoursesService {
  constructor(private readonly courses: CoursesRepository) {}

  async list(query: CatalogQueryDto): Promise<CatalogPageDto> {
    const filter = { category: query.category, q: query.q, order: parseSort(query.sort) };
    const scope = catalogCursorScope(query);
    const page = await paginate(resolvePaging(query, scope), scope, {
      rows: (window) => this.courses.findPublished(filter, window),
      count: () => this.courses.countPublished(filter),
    });
    return { data: page.data.map((course) => pickFields(toCourseResponse(course), query.fields)), meta: page.meta };
  }

  async findVisible(id: string, viewer: AuthenticatedUser | undefined): Promise<CourseResponseDto> {
    const course = await this.courses.findForDetail(id);
    if (!course || !canView(course, viewer)) throw courseNotFound();
    return toCourseResponse(course);
  }

  async create(instructor: AuthenticatedUser, dto: CreateCourseDto): Promise<CourseResponseDto> {
    const lessons = (dto.lessons ?? []).map(({ title, body }) => ({ title, body }));
    for (let attempt = 0; attempt < SLUG_ATTEMPTS; attempt++) {
      const course = await this.courses.create(
        {
          title: dto.title,
          slug: courseSlug(dto.title),
          description: dto.description,
          category: dto.category,
          priceCents: dto.priceCents,
          currency: dto.currency ?? DEFAULT_CURRENCY,
          published: dto.published ?? false,
          instructorId: instructor.id,
        },
        lessons,
      );
      if (course) return toCourseResponse(course);
    }
    throw new Error(`No free slug for "${dto.title}" after ${SLUG_ATTEMPTS} attempts`);
  }

  async update(user: AuthenticatedUser, id: string, dto: UpdateCourseDto): Promise<CourseResponseDto> {
    const course = await this.ownedCourse(user, id);
    const updated = await this.courses.update(course.id, changesFrom(dto));
    if (!updated) throw courseNotFound();
    return toCourseResponse(updated);
  }

  private async ownedCourse(user: AuthenticatedUser, id: string): Promise<CourseEntity> {
    const course = await this.courses.findById(id);
    if (!course) throw courseNotFound();
    if (!isOwnerOrAdmin(course, user)) throw notCourseOwner();
    return course;
  }
}

/** The slug stays as it was: links to the course keep working after a title change. */
function changesFrom(dto: UpdateCourseDto): CourseChanges {
  return Object.fromEntries(CHANGEABLE.filter((key) => dto[key] !== undefined).map((key) => [key, dto[key]]));
}
