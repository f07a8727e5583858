import { createHash } from 'node:crypto';

/**
 * Every cache key and version namespace of the course service, in one place (docs/caching.md).
 * Ids are lowercased: `/courses/ABC…` and `/courses/abc…` are one course and one version.
 */
export const CourseVersions = {
  /** Every catalog page and list: bumped by any course write (create, update, publish, unpublish). */
  catalog: 'catalog',
  /** One course's detail and quotes: bumped by every write to that course. */
  course: (courseId: string): string => `course:${courseId.toLowerCase()}`,
  /** One user's enrollments (their list, and the `alreadyEnrolled` of their quotes). */
  enrollments: (userId: string): string => `user:${userId.toLowerCase()}:enrollments`,
};

/** Data-layer keys (without versions: `VersionedCache` appends the current ones). */
export const CourseDataKeys = {
  detail: (courseId: string): string => `course:${courseId.toLowerCase()}`,
  /** The same course read from the primary, for enrollment and content decisions. */
  access: (courseId: string): string => `course-access:${courseId.toLowerCase()}`,
  /** The course ids are sorted and hashed, so one set of courses is one key whatever the order asked. */
  quote: (userId: string, courseIds: readonly string[]): string =>
    `quote:${userId.toLowerCase()}:${createHash('sha256')
      .update(
        [...courseIds]
          .map((id) => id.toLowerCase())
          .sort()
          .join(','),
      )
      .digest('base64url')}`,
  /** A catalog total per filter: every page of one listing shares it. */
  catalogTotal: (category: string | undefined, q: string | undefined): string =>
    `catalog-total:${createHash('sha256')
      .update(JSON.stringify([category ?? null, q ?? null]))
      .digest('base64url')}`,
};
