import { Controller, Get, HttpStatus, Post, Query, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiOkResponse,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CachedResponse } from '@azora/cache';
import { Authenticated, CurrentUser, type AuthenticatedUser } from '@azora/auth';
import { CourseVersions } from '../cache/cache-keys.js';
import { CourseIdParam } from '../common/course-id.param.js';
import { PAGING_ERRORS, PaginationQueryDto } from '../common/pagination.js';
import { CourseContentDto } from './dto/course-content.dto.js';
import { EnrollmentResponseDto, MyEnrollmentsPageDto } from './dto/enrollment.dto.js';
import { EnrollmentsService } from './enrollments.service.js';

@ApiTags('enrollments')
@Controller()
export class EnrollmentsController {
  constructor(private readonly enrollments: EnrollmentsService) {}

  @Post('courses/:id/enroll')
  @Authenticated()
  @ApiCreatedResponse({ type: EnrollmentResponseDto, description: 'Newly enrolled in a free course' })
  @ApiOkResponse({ type: EnrollmentResponseDto, description: 'Already enrolled: the existing enrollment' })
  @ApiResponse({ status: HttpStatus.PAYMENT_REQUIRED, description: 'COURSE.PAYMENT_REQUIRED: a paid course not bought yet' })
  async enroll(
    @CourseIdParam() id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<EnrollmentResponseDto> {
    const { enrollment, created } = await this.enrollments.enroll(user, id);
    void reply.status(created ? HttpStatus.CREATED : HttpStatus.OK);
    return enrollment;
  }

  @Get('courses/:id/content')
  @Authenticated()
  // Per user: access comes from their enrollment (never revoked) and lessons only change with their course.
  // A 403 or 404 is never stored, so a user who enrolls later is not kept out.
  @CachedResponse({
    perUser: true,
    versions: ({ user, params }) => [CourseVersions.course(params.id ?? ''), CourseVersions.enrollments(user!.id)],
  })
  @ApiOkResponse({ type: CourseContentDto })
  @ApiForbiddenResponse({ description: 'COURSE.NOT_ENROLLED' })
  content(@CourseIdParam() id: string, @CurrentUser() user: AuthenticatedUser): Promise<CourseContentDto> {
    return this.enrollments.content(user, id);
  }

  @Get('enrollments/me')
  @Authenticated()
  // Titles come from the courses, so a course write invalidates every list too.
  @CachedResponse({ perUser: true, versions: ({ user }) => [CourseVersions.catalog, CourseVersions.enrollments(user!.id)] })
  @ApiOkResponse({ type: MyEnrollmentsPageDto, description: 'Newest first' })
  @ApiBadRequestResponse({ description: PAGING_ERRORS })
  mine(@CurrentUser() user: AuthenticatedUser, @Query() query: PaginationQueryDto): Promise<MyEnrollmentsPageDto> {
    return this.enrollments.listMine(user, query);
  }
}
