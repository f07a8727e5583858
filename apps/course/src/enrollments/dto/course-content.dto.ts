import { ApiProperty } from '@nestjs/swagger';
import type { LessonEntity } from '../../courses/lesson.entity.js';

export class LessonResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ minimum: 1 }) position: number;
  @ApiProperty() title: string;
  @ApiProperty() body: string;
}

export class CourseContentDto {
  @ApiProperty({ format: 'uuid' }) courseId: string;
  @ApiProperty({ type: [LessonResponseDto], description: 'Ordered by position' }) lessons: LessonResponseDto[];
}

export const toLessonResponse = (lesson: LessonEntity): LessonResponseDto => ({
  id: lesson.id,
  position: lesson.position,
  title: lesson.title,
  body: lesson.body,
});
