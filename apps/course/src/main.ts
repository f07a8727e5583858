import 'reflect-metadata';
import { loadConfig } from '@azora/config';
import { COURSE_QUEUE, natsOptions } from '@azora/messaging';
import { createServiceApp, startServiceApp } from '@azora/platform';
import { CourseEnv } from './config/course.env.js';
import { COURSE_SERVICE, CourseAppModule } from './course-app.module.js';

const config = loadConfig(CourseEnv);
const app = await createServiceApp(CourseAppModule.forRoot(config), {
  identity: COURSE_SERVICE,
  microservice: natsOptions(config.NATS_URL, COURSE_QUEUE),
});
await startServiceApp(app, config.PORT);
