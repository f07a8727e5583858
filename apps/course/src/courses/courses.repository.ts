import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { isUniqueViolation } from '@azora/database';
import { pageOffset, type PageRequest } from '../common/pagination.js';
import { escapeLike, type CatalogOrder } from './catalog-query.js';
import { CourseEntity } from './course.entity.js';
import { LessonEntity } from './lesson.entity.js';

export type NewCourse = Pick<
  CourseEntity,
  'title' | 'slug' | 'description' | 'category' | 'priceCents' | 'currency' | 'instructorId' | 'published'
>;
export type CourseChanges = Partial<
  Pick<CourseEntity, 'title' | 'description' | 'category' | 'priceCents' | 'currency' | 'published'>
>;
export type NewLesson = Pick<LessonEntity, 'title' | 'body'>;

export interface CatalogFilter {
  category?: string;
  q?: string;
  order: CatalogOrder;
}

const SORT_COLUMNS: Record<CatalogOrder['column'], string> = {
  createdAt: 'course.createdAt',
  title: 'course.title',
  priceCents: 'course.priceCents',
};

@Injectable()
export class CoursesRepository {
  constructor(
    @InjectRepository(CourseEntity) private readonly courses: Repository<CourseEntity>,
    @InjectRepository(LessonEntity) private readonly lessons: Repository<LessonEntity>,
  ) {}

  /** The course and its lessons commit together; undefined when the slug is already taken. */
  async create(course: NewCourse, lessons: NewLesson[]): Promise<CourseEntity | undefined> {
    try {
      return await this.courses.manager.transaction(async (manager) => {
        const { id } = (await manager.insert(CourseEntity, { ...course, lessonCount: lessons.length })).identifiers[0] as {
          id: string;
        };
        const rows = lessons.map((lesson, index) => ({ ...lesson, courseId: id, position: index + 1 }));
        if (rows.length > 0) await manager.insert(LessonEntity, rows);
        return manager.findOneByOrFail(CourseEntity, { id });
      });
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  findById(id: string): Promise<CourseEntity | null> {
    return this.courses.findOneBy({ id });
  }

  async update(id: string, changes: CourseChanges): Promise<CourseEntity | null> {
    if (Object.keys(changes).length > 0) await this.courses.update({ id }, changes);
    return this.findById(id);
  }

  /** One query for the page and one for the total. The id tie-break keeps pages stable under equal sort keys. */
  async findPublishedPage(filter: CatalogFilter, page: PageRequest): Promise<{ courses: CourseEntity[]; total: number }> {
    const query = this.courses.createQueryBuilder('course').where('course.published = true');
    if (filter.category) query.andWhere('course.category = :category', { category: filter.category });
    if (filter.q) query.andWhere(`course.title ILIKE :pattern ESCAPE '\\'`, { pattern: `%${escapeLike(filter.q)}%` });
    const { column, direction } = filter.order;
    const [courses, total] = await Promise.all([
      query
        .clone()
        .orderBy(SORT_COLUMNS[column], direction)
        .addOrderBy('course.id', direction)
        .offset(pageOffset(page))
        .limit(page.limit)
        .getMany(),
      query.getCount(),
    ]);
    return { courses, total };
  }

  findLessons(courseId: string): Promise<LessonEntity[]> {
    return this.lessons.find({ where: { courseId }, order: { position: 'ASC' } });
  }
}
