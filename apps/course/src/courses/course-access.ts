import type { AuthenticatedUser } from '@azora/auth';

interface OwnedCourse {
  instructorId: string;
  published: boolean;
}

export const isOwnerOrAdmin = (course: OwnedCourse, user: AuthenticatedUser | undefined): boolean =>
  user !== undefined && (user.role === 'admin' || user.id === course.instructorId);

/** Unpublished courses exist only for their instructor and admins; for everyone else they are 404. */
export const canView = (course: OwnedCourse, user: AuthenticatedUser | undefined): boolean =>
  course.published || isOwnerOrAdmin(course, user);
