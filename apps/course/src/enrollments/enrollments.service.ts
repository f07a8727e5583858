import { Injectable, Logger } from '@nestjs/common';
import type { AuthenticatedUser } from '@azora/auth';
import { nothingWritten } from '@azora/database';
import { AppException } from '@azora/errors';
import { courseChanged, courseNotFound, notEnrolled, paymentRequired } from '../common/course.errors.js';
import { paginate, resolvePaging } from '../common/paging.js';
import type { Page, PaginationQueryDto } from '../common/pagination.js';
import { canView, isOwnerOrAdmin } from '../courses/course-access.js';
import type { CourseEntity } from '../courses/course.entity.js';
import { CoursesRepository } from '../courses/courses.repository.js';
import { toLessonResponse, type CourseContentDto } from './dto/course-content.dto.js';
import { toEnrollmentResponse, toMyEnrollment, type EnrollmentResponseDto, type MyEnrollmentDto } from './dto/enrollment.dto.js';
import type { GrantEnrollmentsDto } from './dto/grant-enrollments.dto.js';
import { EnrollmentsRepository, MINE_CURSOR_SCOPE } from './enrollments.repository.js';

export interface EnrollOutcome {
  enrollment: EnrollmentResponseDto;
  /** False when the caller was already enrolled: nothing new was written. */
  created: boolean;
}

@Injectable()
export class EnrollmentsService {
  private readonly logger = new Logger(EnrollmentsService.name);

  constructor(
    private readonly courses: CoursesRepository,
    private readonly enrollments: EnrollmentsRepository,
  ) {}

  /**
   * Free courses enroll at once; a paid one only answers with the enrollment its purchase created.
   * Decided on the cached view of the course; a refusal, or a view the insert found behind a write,
   * is decided again on the primary.
   */
  async enroll(user: AuthenticatedUser, courseId: string): Promise<EnrollOutcome> {
    const cached = await this.tryEnroll(user, courseId, await this.courses.findForAccess(courseId));
    if (!(cached instanceof AppException)) return cached;
    const decided = await this.tryEnroll(user, courseId, await this.courses.findById(courseId));
    if (decided instanceof AppException) throw decided;
    return decided;
  }

  async content(user: AuthenticatedUser, courseId: string): Promise<CourseContentDto> {
    const course = await this.courses.findForAccess(courseId);
    if (!course) throw courseNotFound();
    if (!isOwnerOrAdmin(course, user) && !(await this.enrollments.find(user.id, courseId))) {
      // Enrolled students keep their access if a course is unpublished later; others must not learn it exists.
      throw canView(course, user) ? notEnrolled() : courseNotFound();
    }
    const lessons = await this.courses.findLessons(courseId);
    return { courseId, lessons: lessons.map(toLessonResponse) };
  }

  async listMine(user: AuthenticatedUser, query: PaginationQueryDto): Promise<Page<MyEnrollmentDto>> {
    const page = await paginate(resolvePaging(query, MINE_CURSOR_SCOPE), MINE_CURSOR_SCOPE, {
      rows: (window) => this.enrollments.findPageForUser(user.id, window),
      count: () => this.enrollments.countForUser(user.id),
    });
    return { data: page.data.map(toMyEnrollment), meta: page.meta };
  }

  /** For a paid order: idempotent per (user, course); ids of unknown courses are skipped. */
  async grant(request: GrantEnrollmentsDto): Promise<number> {
    const courseIds = [...new Set(request.courseIds.map((id) => id.toLowerCase()))];
    const granted = await this.enrollments.grantForOrder(request.userId, courseIds, request.orderId);
    this.logger.log(`order ${request.orderId} (event ${request.eventId}): ${granted} new of ${courseIds.length} enrollments`);
    return granted;
  }

  /** The enrollment, or why this view of the course refuses it. */
  private async tryEnroll(
    user: AuthenticatedUser,
    courseId: string,
    course: CourseEntity | null,
  ): Promise<EnrollOutcome | AppException> {
    if (!course || !canView(course, user)) return courseNotFound();
    if (course.priceCents > 0) {
      const existing = await this.enrollments.find(user.id, courseId);
      if (!existing) return paymentRequired();
      nothingWritten();
      return { enrollment: toEnrollmentResponse(existing), created: false };
    }
    const outcome = await this.enrollments.insertOrFind(user.id, courseId, user.role === 'admin');
    // The course row refused what this view allowed: it changed since.
    if (!outcome) return courseChanged();
    if (!outcome.created) nothingWritten();
    return { enrollment: toEnrollmentResponse(outcome.row), created: outcome.created };
  }
}
