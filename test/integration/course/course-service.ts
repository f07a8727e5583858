import { randomUUID } from 'node:crypto';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { MicroserviceOptions } from '@nestjs/microservices';
import type { Role } from '@azora/auth';
import { CourseEnv } from '../../../apps/course/src/config/course.env.js';
import { COURSE_SERVICE, CourseAppModule } from '../../../apps/course/src/course-app.module.js';
import { createTestDatabase, type TestDatabase } from '../../support/database.js';
import { bearerFor, bootTestService, testConfig } from '../../support/service-app.js';

export interface CourseService {
  db: TestDatabase;
  app: NestFastifyApplication;
  close(): Promise<void>;
}

export interface CourseBody {
  id: string;
  title: string;
  slug: string;
  priceCents: number;
  instructorId: string;
  lessonCount: number;
  createdAt: string;
  updatedAt: string;
  [field: string]: unknown;
}

/** A fresh database and an in-process course service on it; `microservice` adds the NATS transport. */
export async function startCourseService(
  label: string,
  microservice?: MicroserviceOptions,
  env: Record<string, string> = {},
): Promise<CourseService> {
  const db = await createTestDatabase(label);
  const config = testConfig(CourseEnv, db.urlFor('course'), env);
  const app = await bootTestService(CourseAppModule.forRoot(config), { identity: COURSE_SERVICE, microservice });
  return {
    db,
    app,
    close: async () => {
      await app.close();
      await db.drop();
    },
  };
}

/** A signed-in user with a fresh id, as the auth service would have issued. */
export async function signIn(
  app: NestFastifyApplication,
  role: Role = 'student',
): Promise<{ id: string; authorization: string }> {
  const id = randomUUID();
  return { id, authorization: await bearerFor(app, id, role) };
}

export const validCourse = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  title: `Course ${randomUUID().slice(0, 8)}`,
  description: 'A course made by the integration suite',
  category: 'testing',
  priceCents: 0,
  published: true,
  lessons: [
    { title: 'One', body: 'First' },
    { title: 'Two', body: 'Second' },
    { title: 'Three', body: 'Third' },
  ],
  ...overrides,
});

export async function createCourse(
  app: NestFastifyApplication,
  authorization: string,
  overrides: Record<string, unknown> = {},
): Promise<CourseBody> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/courses',
    payload: validCourse(overrides),
    headers: { authorization },
  });
  if (response.statusCode !== 201) throw new Error(`course creation failed: ${response.statusCode} ${response.body}`);
  return response.json<CourseBody>();
}
