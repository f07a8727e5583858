import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CoursesModule } from '../courses/courses.module.js';
import { EnrollmentGrantsController } from './enrollment-grants.controller.js';
import { EnrollmentEntity } from './enrollment.entity.js';
import { EnrollmentsController } from './enrollments.controller.js';
import { EnrollmentsRepository } from './enrollments.repository.js';
import { EnrollmentsService } from './enrollments.service.js';

@Module({
  imports: [TypeOrmModule.forFeature([EnrollmentEntity]), CoursesModule],
  controllers: [EnrollmentsController, EnrollmentGrantsController],
  providers: [EnrollmentsService, EnrollmentsRepository],
})
export class EnrollmentsModule {}
