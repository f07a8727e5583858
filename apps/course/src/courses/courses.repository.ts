import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { EntityManager, Repository, SelectQueryBuilder } from 'typeorm';
import { isUniqueViolation, ReadRouting } from '@azora/database';
import { CourseCache } from '../cache/course-cache.js';
import { keysetPredicate, sortValueSql, type KeyedRow, type KeysetOrder, type RowWindow } from '../common/keyset.js';
import type { CountedTotal } from '../common/pagination.js';
import { boundedTotal, CATALOG_COUNT_SQL, searchCountSql } from './catalog-totals.js';
import { escapeLike, SORT_VALUE_TYPES, type CatalogOrder } from './catalog-query.js';
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
  createdAt: '"course"."created_at"',
  title: '"course"."title"',
  priceCents: '"course"."price_cents"',
};

const keysetOrder = ({ column, direction }: CatalogOrder): KeysetOrder => ({
  column: SORT_COLUMNS[column],
  type: SORT_VALUE_TYPES[column],
  idColumn: '"course"."id"',
  direction,
});

@Injectable()
export class CoursesRepository {
  constructor(
    @InjectRepository(CourseEntity) private readonly courses: Repository<CourseEntity>,
    @InjectRepository(LessonEntity) private readonly lessons: Repository<LessonEntity>,
    private readonly reads: ReadRouting,
    private readonly cache: CourseCache,
  ) {}

  /** The course and its lessons commit together; undefined when the slug is already taken. */
  async create(course: NewCourse, lessons: NewLesson[]): Promise<CourseEntity | undefined> {
    const created = await this.insert(course, lessons);
    // After the commit: the next catalog read anywhere sees the new course.
    if (created) await this.cache.courseChanged(created.id);
    return created;
  }

  private async insert(course: NewCourse, lessons: NewLesson[]): Promise<CourseEntity | undefined> {
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

  /** For ownership, enrollment and content decisions: they must see the latest writes. */
  findById(id: string): Promise<CourseEntity | null> {
    return this.reads.primary((manager) => manager.findOneBy(CourseEntity, { id }));
  }

  /** `findById` for enrollment and content decisions, cached: every course write invalidates it before returning. */
  findForAccess(id: string): Promise<CourseEntity | null> {
    return this.cache.access(id, () => this.findById(id));
  }

  /** The public course page: staleness-tolerant, so a replica may answer; cached in the data layer. */
  findForDetail(id: string): Promise<CourseEntity | null> {
    return this.cache.detail(id, () => this.reads.replica((manager) => manager.findOneBy(CourseEntity, { id })));
  }

  /** Title, price, publish and unpublish alike: the change is invalidated before this resolves. */
  async update(id: string, changes: CourseChanges): Promise<CourseEntity | null> {
    if (Object.keys(changes).length > 0) {
      await this.courses.update({ id }, changes);
      await this.cache.courseChanged(id);
    }
    return this.findById(id);
  }

  /** A catalog page, from a replica: one query, ordered by the sort then id, so every row has one place. */
  findPublished(filter: CatalogFilter, window: RowWindow): Promise<KeyedRow<CourseEntity>[]> {
    return this.reads.replica(async (manager) => {
      const order = keysetOrder(filter.order);
      const query = this.publishedQuery(manager, filter)
        .addSelect(sortValueSql(order), 'sort_value')
        .orderBy(order.column, order.direction)
        .addOrderBy(order.idColumn, order.direction)
        .offset(window.offset)
        .limit(window.take);
      if (window.after) {
        query.andWhere(keysetPredicate(order, ':afterValue', ':afterId'), {
          afterValue: window.after.value,
          afterId: window.after.id,
        });
      }
      const { entities, raw } = await query.getRawAndEntities<{ course_id: string; sort_value: string }>();
      const sortValues = new Map(raw.map((row) => [row.course_id, row.sort_value]));
      return entities.map((course) => ({ row: course, position: { value: sortValues.get(course.id)!, id: course.id } }));
    });
  }

  /**
   * How many courses match the filter, from a replica like the page it goes with, through the data
   * cache: exact from the maintained per-category counts, or for a title search a count that stops
   * past SEARCH_TOTAL_BOUND.
   */
  async countPublished(filter: CatalogFilter): Promise<number | CountedTotal> {
    const counted = await this.cache.catalogTotal(filter, () =>
      this.reads.replica((manager) =>
        filter.q ? this.countSearchMatches(manager, filter.q, filter.category) : this.countFromCounters(manager, filter.category),
      ),
    );
    return filter.q ? boundedTotal(counted) : counted;
  }

  findLessons(courseId: string): Promise<LessonEntity[]> {
    return this.reads.primary((manager) => manager.find(LessonEntity, { where: { courseId }, order: { position: 'ASC' } }));
  }

  private async countFromCounters(manager: EntityManager, category: string | undefined): Promise<number> {
    const rows: { total: number }[] = category
      ? await manager.query(CATALOG_COUNT_SQL.category, [category])
      : await manager.query(CATALOG_COUNT_SQL.all);
    return rows[0]!.total;
  }

  private async countSearchMatches(manager: EntityManager, q: string, category: string | undefined): Promise<number> {
    const pattern = `%${escapeLike(q)}%`;
    const rows: { total: number }[] = await manager.query(
      searchCountSql(Boolean(category)),
      category ? [pattern, category] : [pattern],
    );
    return rows[0]!.total;
  }

  private publishedQuery(manager: EntityManager, filter: CatalogFilter): SelectQueryBuilder<CourseEntity> {
    const query = manager.createQueryBuilder(CourseEntity, 'course').where('course.published = true');
    if (filter.category) query.andWhere('course.category = :category', { category: filter.category });
    if (filter.q) query.andWhere(`course.title ILIKE :pattern ESCAPE '\\'`, { pattern: `%${escapeLike(filter.q)}%` });
    return query;
  }
}
