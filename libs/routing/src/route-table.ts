/**
 * The one route table: the local gateway proxies by it, and the Kubernetes HTTPRoutes are
 * checked against it by test/infra. Prefixes never overlap; health, metrics and docs are not routed.
 */
export const SERVICES = ['auth', 'course', 'payment'] as const;
export type ServiceName = (typeof SERVICES)[number];

export interface RouteRule {
  readonly pathPrefix: string;
  readonly service: ServiceName;
}

export const ROUTE_TABLE: readonly RouteRule[] = [
  { pathPrefix: '/api/auth', service: 'auth' },
  { pathPrefix: '/api/courses', service: 'course' },
  { pathPrefix: '/api/enrollments', service: 'course' },
  { pathPrefix: '/api/cart', service: 'payment' },
  { pathPrefix: '/api/checkout', service: 'payment' },
  { pathPrefix: '/api/payments', service: 'payment' },
  { pathPrefix: '/api/orders', service: 'payment' },
];

/** Ports each service listens on when run locally; in Kubernetes every container listens on 3000. */
export const LOCAL_PORTS: Readonly<Record<ServiceName | 'gateway', number>> = {
  gateway: 8080,
  auth: 3001,
  course: 3002,
  payment: 3003,
};
