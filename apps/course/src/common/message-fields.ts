import { applyDecorators } from '@nestjs/common';
import { ArrayMaxSize, IsArray, IsUUID } from 'class-validator';

/** Orders and quotes name at most this many courses; a bigger list is a bug or abuse. */
export const MAX_MESSAGE_COURSE_IDS = 500;

export const CourseIdList = (): PropertyDecorator =>
  applyDecorators(IsArray(), ArrayMaxSize(MAX_MESSAGE_COURSE_IDS), IsUUID('all', { each: true }));
