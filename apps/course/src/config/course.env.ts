import { BaseEnv } from '@azora/config';
import { LOCAL_PORTS } from '@azora/routing';

export class CourseEnv extends BaseEnv {
  override PORT = LOCAL_PORTS.course;

  /** The catalog is served from PostgreSQL while Redis is down: stay in the Service, degraded. */
  override REDIS_OUTAGE_READINESS: 'down' | 'degraded' = 'degraded';
}
