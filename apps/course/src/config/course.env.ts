import { BaseEnv } from '@azora/config';
import { LOCAL_PORTS } from '@azora/routing';

export class CourseEnv extends BaseEnv {
  override PORT = LOCAL_PORTS.course;
}
