import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, Length, MaxLength, ValidateNested } from 'class-validator';
import { OptionalDefined } from '../../common/optional.js';
import type { CourseEntity } from '../course.entity.js';
import type { CourseField } from '../catalog-query.js';
import { CategoryField, CurrencyField, DescriptionField, PriceCentsField, PublishedField, TitleField } from './course-fields.js';

export const MAX_LESSONS = 200;

export class LessonInputDto {
  @ApiProperty({ minLength: 1, maxLength: 200 })
  @IsString()
  @Length(1, 200)
  title: string;

  @ApiProperty({ maxLength: 100_000 })
  @IsString()
  @MaxLength(100_000)
  body: string;
}

export class CreateCourseDto {
  @TitleField() title: string;
  @DescriptionField() description: string;
  @CategoryField() category: string;
  @PriceCentsField() priceCents: number;
  @CurrencyField() currency?: string;
  @PublishedField() published?: boolean;

  @ApiProperty({
    type: [LessonInputDto],
    required: false,
    maxItems: MAX_LESSONS,
    description: 'Positions follow the array order, from 1',
  })
  @OptionalDefined()
  @IsArray()
  @ArrayMaxSize(MAX_LESSONS)
  @ValidateNested({ each: true })
  @Type(() => LessonInputDto)
  lessons?: LessonInputDto[];
}

/** Every field optional; lessons are not part of it (an unknown `lessons` field is a 400). */
export class UpdateCourseDto {
  @TitleField(false) title?: string;
  @DescriptionField(false) description?: string;
  @CategoryField(false) category?: string;
  @PriceCentsField(false) priceCents?: number;
  @CurrencyField(false) currency?: string;
  @PublishedField(false) published?: boolean;
}

export class CourseResponseDto implements Record<CourseField, unknown> {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() title: string;
  @ApiProperty() slug: string;
  @ApiProperty() description: string;
  @ApiProperty() category: string;
  @ApiProperty() priceCents: number;
  @ApiProperty({ example: 'USD' }) currency: string;
  @ApiProperty({ format: 'uuid' }) instructorId: string;
  @ApiProperty() lessonCount: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
}

export const toCourseResponse = (course: CourseEntity): CourseResponseDto => ({
  id: course.id,
  title: course.title,
  slug: course.slug,
  description: course.description,
  category: course.category,
  priceCents: course.priceCents,
  currency: course.currency,
  instructorId: course.instructorId,
  lessonCount: course.lessonCount,
  createdAt: course.createdAt.toISOString(),
  updatedAt: course.updatedAt.toISOString(),
});
