import { Module, type DynamicModule } from '@nestjs/common';
import { ResponseCacheModule } from '@azora/cache';
import { DatabaseModule } from '@azora/database';
import { PlatformModule, type ServiceIdentity } from '@azora/platform';
import { CourseCacheModule } from './cache/course-cache.js';
import type { CourseEnv } from './config/course.env.js';
import { CourseEntity } from './courses/course.entity.js';
import { CoursesModule } from './courses/courses.module.js';
import { LessonEntity } from './courses/lesson.entity.js';
import { EnrollmentEntity } from './enrollments/enrollment.entity.js';
import { EnrollmentsModule } from './enrollments/enrollments.module.js';
import { CreateCourseTables1764160000000 } from './migrations/1764160000000-create-course-tables.js';
import { KeysetIndexes1764400000000 } from './migrations/1764400000000-keyset-indexes.js';
import { TitleSearchIndex1764500000000 } from './migrations/1764500000000-title-search-index.js';
import { CatalogCounts1764600000000 } from './migrations/1764600000000-catalog-counts.js';
import { CategoryTitleIndex1764700000000 } from './migrations/1764700000000-category-title-index.js';
import { PricingModule } from './pricing/pricing.module.js';

export const COURSE_SERVICE: ServiceIdentity = { name: 'course', version: '0.1.0' };

/** In order; tools that build the course tables outside the service (seeding) run these too. */
export const COURSE_MIGRATIONS = [
  CreateCourseTables1764160000000,
  KeysetIndexes1764400000000,
  TitleSearchIndex1764500000000,
  CatalogCounts1764600000000,
  CategoryTitleIndex1764700000000,
];

export const COURSE_DATABASE = {
  schema: 'course',
  entities: [CourseEntity, LessonEntity, EnrollmentEntity],
  migrations: COURSE_MIGRATIONS,
  replicaReads: true,
};

@Module({})
export class CourseAppModule {
  static forRoot(config: Readonly<CourseEnv>): DynamicModule {
    return {
      module: CourseAppModule,
      imports: [
        PlatformModule.forService(COURSE_SERVICE, config),
        DatabaseModule.forService(COURSE_SERVICE.name, COURSE_DATABASE),
        CourseCacheModule,
        ResponseCacheModule,
        CoursesModule,
        EnrollmentsModule,
        PricingModule,
      ],
    };
  }
}
