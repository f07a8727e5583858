import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import { CachedResponse } from '@azora/cache';
import { Authenticated, CurrentUser, OptionallyAuthenticated, OptionalUser, type AuthenticatedUser } from '@azora/auth';
import { CourseVersions } from '../cache/cache-keys.js';
import { PublicCache } from '@azora/http-cache';
import { CourseIdParam } from '../common/course-id.param.js';
import { PAGING_ERRORS } from '../common/pagination.js';
import { CoursesService } from './courses.service.js';
import { CatalogPageDto, CatalogQueryDto } from './dto/catalog-query.dto.js';
import { CourseResponseDto, CreateCourseDto, UpdateCourseDto } from './dto/course.dto.js';

/**
 * Every write to a course bumps `catalog` and `course:<id>` before it answers, so these entries can
 * never be stale: their TTL only bounds memory, and the long tail of detail pages needs longer than
 * the 60 s default to be asked twice (docs/caching.md). Browsers and CDNs, which cannot be told of a
 * write, keep `max-age=60`.
 */
const VERSIONED_RESPONSE_TTL_SECONDS = 300;

@ApiTags('courses')
@Controller('courses')
export class CoursesController {
  constructor(private readonly courses: CoursesService) {}

  @Get()
  @PublicCache(60)
  @CachedResponse({ ttlSeconds: VERSIONED_RESPONSE_TTL_SECONDS, versions: () => [CourseVersions.catalog] })
  @ApiOkResponse({ type: CatalogPageDto, description: 'Published courses only' })
  @ApiBadRequestResponse({ description: `${PAGING_ERRORS}; REQUEST.VALIDATION_FAILED also for bad fields or sort` })
  list(@Query() query: CatalogQueryDto): Promise<CatalogPageDto> {
    return this.courses.list(query);
  }

  @Get(':id')
  @OptionallyAuthenticated()
  @PublicCache(60)
  @CachedResponse({
    anonymousOnly: true,
    ttlSeconds: VERSIONED_RESPONSE_TTL_SECONDS,
    versions: ({ params }) => [CourseVersions.course(params.id ?? '')],
  })
  @ApiBearerAuth()
  @ApiOkResponse({ type: CourseResponseDto })
  @ApiNotFoundResponse({ description: 'COURSE.NOT_FOUND: unknown, or unpublished and not yours' })
  detail(@CourseIdParam() id: string, @OptionalUser() viewer: AuthenticatedUser | undefined): Promise<CourseResponseDto> {
    return this.courses.findVisible(id, viewer);
  }

  @Post()
  @Authenticated('instructor', 'admin')
  @ApiForbiddenResponse({ description: 'AUTH.FORBIDDEN_ROLE for students' })
  create(@CurrentUser() user: AuthenticatedUser, @Body() dto: CreateCourseDto): Promise<CourseResponseDto> {
    return this.courses.create(user, dto);
  }

  @Patch(':id')
  @Authenticated('instructor', 'admin')
  @ApiForbiddenResponse({ description: 'COURSE.NOT_OWNER: another instructor’s course' })
  update(
    @CourseIdParam() id: string,
    @CurrentUser() user: AuthenticatedUser,
    @Body() dto: UpdateCourseDto,
  ): Promise<CourseResponseDto> {
    return this.courses.update(user, id, dto);
  }
}
