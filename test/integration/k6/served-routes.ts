import type { RouteOptions } from 'fastify';
import { AUTH_SERVICE, AuthAppModule } from '../../../apps/auth/src/auth-app.module.js';
import { AuthEnv } from '../../../apps/auth/src/config/auth.env.js';
import { CourseEnv } from '../../../apps/course/src/config/course.env.js';
import { COURSE_SERVICE, CourseAppModule } from '../../../apps/course/src/course-app.module.js';
import { PaymentEnv } from '../../../apps/payment/src/config/payment.env.js';
import { PAYMENT_SERVICE, PaymentAppModule } from '../../../apps/payment/src/payment-app.module.js';
import { createServiceApp, type ServiceIdentity } from '@azora/platform';
import { ROUTE_TABLE, type ServiceName } from '@azora/routing';
import type { TestDatabase } from '../../support/database.js';
import { testConfig } from '../../support/service-app.js';
import type { RouteCall } from './k6-calls.js';

/** `METHOD /path` per route each service registers, parameters written `:id` as the k6 reading writes them. */
export type ServedRoutes = Readonly<Record<ServiceName, ReadonlySet<string>>>;

export const routeKey = (method: string, url: string): string => `${method} ${url.replace(/:[^/]+/g, ':id')}`;

/** Boots the app as production does (createServiceApp) and records every route Fastify registers. */
async function routesOf(rootModule: unknown, identity: ServiceIdentity): Promise<Set<string>> {
  const app = await createServiceApp(rootModule, { identity });
  const routes = new Set<string>();
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('onRoute', (route: RouteOptions) => {
      for (const method of [route.method].flat()) routes.add(routeKey(method, route.url));
    });
  try {
    await app.init();
  } finally {
    await app.close();
  }
  return routes;
}

/** The three services, one after another, on one test database (each in its own schema). */
export async function servedRoutes(db: TestDatabase): Promise<ServedRoutes> {
  const quiet = { LOG_LEVEL: 'error' };
  return {
    auth: await routesOf(AuthAppModule.forRoot(testConfig(AuthEnv, db.urlFor('auth'), quiet)), AUTH_SERVICE),
    course: await routesOf(CourseAppModule.forRoot(testConfig(CourseEnv, db.urlFor('course'), quiet)), COURSE_SERVICE),
    payment: await routesOf(PaymentAppModule.forRoot(testConfig(PaymentEnv, db.urlFor('payment'), quiet)), PAYMENT_SERVICE),
  };
}

/** The service the gateway sends `path` to, by the one route table. */
export function gatewayServiceFor(path: string): ServiceName | undefined {
  return ROUTE_TABLE.find((rule) => path === rule.pathPrefix || path.startsWith(`${rule.pathPrefix}/`))?.service;
}

/** Calls the gateway would not route, or would route to a service that does not serve them, with why. */
export function unservedCalls(calls: readonly RouteCall[], served: ServedRoutes): string[] {
  return calls.flatMap((call) => {
    const path = call.route.slice(call.route.indexOf(' ') + 1);
    const service = gatewayServiceFor(path);
    const where = `${call.route} (${call.file}: ${call.literal})`;
    if (!service) return [`${where}: no gateway route`];
    return served[service].has(call.route) ? [] : [`${where}: not served by ${service}`];
  });
}
