import { Global, Inject, Injectable, Module } from '@nestjs/common';
import { CACHE_SETTINGS, VersionedCache, type CacheSettings } from '@azora/cache';
import type { QuotedCourse } from '@azora/messaging';
import { CourseEntity } from '../courses/course.entity.js';
import { CourseDataKeys, CourseVersions } from './cache-keys.js';

type StoredCourse = Omit<CourseEntity, 'createdAt' | 'updatedAt'> & { createdAt: Date | string; updatedAt: Date | string };

/** A fresh entity each time: cached values are shared and must never be mutated by a caller. */
const revive = (stored: StoredCourse): CourseEntity =>
  Object.assign(new CourseEntity(), stored, { createdAt: new Date(stored.createdAt), updatedAt: new Date(stored.updatedAt) });

/**
 * The course service's data layer (hot entities, 300 s) and its invalidation. Repositories read
 * through it and call the `…Changed` methods after each committed write.
 */
@Injectable()
export class CourseCache {
  constructor(
    private readonly cache: VersionedCache,
    @Inject(CACHE_SETTINGS) private readonly settings: CacheSettings,
  ) {}

  /** Course detail, read from a replica on a miss. Unknown ids are not cached. */
  detail(courseId: string, load: () => Promise<CourseEntity | null>): Promise<CourseEntity | null> {
    return this.course('course.detail', CourseDataKeys.detail(courseId), courseId, load, true);
  }

  /** The course as access decisions see it: read from the primary on a miss, so never behind a write. */
  access(courseId: string, load: () => Promise<CourseEntity | null>): Promise<CourseEntity | null> {
    return this.course('course.access', CourseDataKeys.access(courseId), courseId, load, false);
  }

  /** Prices for the payment service, with the user's ownership: read from the primary on a miss. */
  async quotes(userId: string, courseIds: readonly string[], load: () => Promise<QuotedCourse[]>): Promise<QuotedCourse[]> {
    if (!this.settings.dataEnabled) return load();
    const { value } = await this.cache.getOrCompute<QuotedCourse[]>({
      layer: 'data',
      route: 'course.quote',
      key: CourseDataKeys.quote(userId, courseIds),
      versions: [...courseIds.map(CourseVersions.course), CourseVersions.enrollments(userId)],
      ttlMs: this.settings.dataTtlMs,
      compute: load,
    });
    return value.map((quote) => ({ ...quote }));
  }

  /**
   * A listing's total, shared by all its pages and kept until the catalog changes. Cold, it is a read
   * of the maintained category counts, or for a title search a count capped past 200 matches.
   */
  async catalogTotal(filter: { category?: string; q?: string }, load: () => Promise<number>): Promise<number> {
    if (!this.settings.dataEnabled) return load();
    const { value } = await this.cache.getOrCompute<number>({
      layer: 'data',
      route: 'course.catalog-total',
      key: CourseDataKeys.catalogTotal(filter.category || undefined, filter.q || undefined),
      versions: [CourseVersions.catalog],
      ttlMs: this.settings.dataTtlMs,
      compute: load,
      fromReplica: true,
    });
    return value;
  }

  private async course(
    route: string,
    key: string,
    courseId: string,
    load: () => Promise<CourseEntity | null>,
    fromReplica: boolean,
  ): Promise<CourseEntity | null> {
    if (!this.settings.dataEnabled) return load();
    const { value } = await this.cache.getOrCompute<StoredCourse | null>({
      layer: 'data',
      route,
      key,
      versions: [CourseVersions.course(courseId)],
      ttlMs: this.settings.dataTtlMs,
      compute: load,
      storable: (course) => course !== null,
      fromReplica,
    });
    return value && revive(value);
  }

  /** Any write to a course: its detail, access view and quotes, and every catalog page. */
  courseChanged(courseId: string): Promise<void> {
    return this.cache.bump([CourseVersions.catalog, CourseVersions.course(courseId)]);
  }

  enrollmentsChanged(userId: string): Promise<void> {
    return this.cache.bump([CourseVersions.enrollments(userId)]);
  }
}

@Global()
@Module({ providers: [CourseCache], exports: [CourseCache] })
export class CourseCacheModule {}
