import { ApiProperty } from '@nestjs/swagger';
import { PageMetaDto } from '../../common/pagination.js';
import type { EnrollmentRow, MyEnrollmentRow } from '../enrollments.repository.js';

export class EnrollmentResponseDto {
  @ApiProperty({ format: 'uuid' }) courseId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ format: 'date-time' }) enrolledAt: string;
}

export class MyEnrollmentDto {
  @ApiProperty({ format: 'uuid' }) courseId: string;
  @ApiProperty() title: string;
  @ApiProperty({ format: 'date-time' }) enrolledAt: string;
}

export class MyEnrollmentsPageDto {
  @ApiProperty({ type: [MyEnrollmentDto] }) data: MyEnrollmentDto[];
  @ApiProperty() meta: PageMetaDto;
}

export const toEnrollmentResponse = (row: EnrollmentRow): EnrollmentResponseDto => ({
  courseId: row.courseId,
  userId: row.userId,
  enrolledAt: row.enrolledAt.toISOString(),
});

export const toMyEnrollment = (row: MyEnrollmentRow): MyEnrollmentDto => ({
  courseId: row.courseId,
  title: row.title,
  enrolledAt: row.enrolledAt.toISOString(),
});
